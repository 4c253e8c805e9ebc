import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectState } from '../connect-client.js';
import type { SinkSnapshot, Source } from './sink-snapshot.js';

/** Every state Connect reports for a connector or a task: each gets a series, 1 for the current one. */
export const CONNECT_STATES: readonly ConnectState[] = [
  'RUNNING',
  'PAUSED',
  'STOPPED',
  'FAILED',
  'UNASSIGNED',
  'RESTARTING',
];

export interface SinkMetrics {
  readonly registry: Registry;
  /** Replaces the series with those of `snapshot`: a connector gone from the worker is gone from here. */
  record(snapshot: SinkSnapshot, seconds: number): void;
}

export function createSinkMetrics(): SinkMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const connectUp = gauge('kafka_connect_up', 'Whether the Kafka Connect worker answered the last scrape in time.');
  const kafkaUp = gauge('kafka_broker_up', 'Whether the Kafka brokers answered the last scrape in time.');
  const connectorState = gauge(
    'kafka_connect_connector_state',
    "Kafka Connect connector state: 1 on the series of the connector's current state, 0 on the others.",
    ['connector', 'type', 'state'],
  );
  const taskState = gauge(
    'kafka_connect_task_state',
    "Kafka Connect task state: 1 on the series of the task's current state, 0 on the others.",
    ['connector', 'task', 'state'],
  );
  const lag = gauge(
    'kafka_connect_sink_lag_records',
    "Offsets of a sink's topic partition not yet committed by its consumer group (end offset - committed offset); " +
      "a topic written in transactions keeps 1 for the commit marker after a partition's last transaction.",
    ['connector', 'topic', 'partition'],
  );
  const duration = gauge(
    'infra_exporter_scrape_duration_seconds',
    'How long the last scrape took to read Connect and Kafka.',
  );
  const errors = new Counter({
    name: 'infra_exporter_scrape_errors_total',
    help: 'Scrapes in which a source (connect or kafka) failed or did not answer in time.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  for (const source of ['connect', 'kafka'] satisfies Source[]) errors.inc({ source }, 0);

  return {
    registry,
    record(snapshot, seconds) {
      connectUp.set(snapshot.connectUp ? 1 : 0);
      kafkaUp.set(snapshot.kafkaUp ? 1 : 0);
      duration.set(seconds);
      for (const source of snapshot.failed) errors.inc({ source });
      connectorState.reset();
      taskState.reset();
      for (const status of snapshot.connectors) {
        for (const state of CONNECT_STATES) {
          const { name: connector, type } = status;
          connectorState.set({ connector, type, state }, status.connector.state === state ? 1 : 0);
          for (const task of status.tasks)
            taskState.set({ connector, task: String(task.id), state }, task.state === state ? 1 : 0);
        }
      }
      lag.reset();
      for (const row of snapshot.lags) {
        lag.set({ connector: row.connector, topic: row.topic, partition: String(row.partition) }, row.lag);
      }
    },
  };
}
