import type { Admin } from 'kafkajs';
import { createKafka, createLogger, type Logger } from '@order-platform/service-kit';
import { ConnectClient, describeCause, type ConnectorStatus } from '../connect-client.js';
import type { InfraConfig } from '../infra-config.js';
import { sinkGroupId, sinkLag, sinkTopics, type SinkLag } from './sink-lag.js';

export type ConnectorLag = SinkLag & { connector: string };
export type Source = 'connect' | 'kafka';

/** What one scrape found. A source that did not answer in time is `up: false` and listed in `failed`. */
export interface SinkSnapshot {
  connectUp: boolean;
  kafkaUp: boolean;
  connectors: ConnectorStatus[];
  lags: ConnectorLag[];
  failed: Source[];
}

interface Sink {
  name: string;
  config: Record<string, string>;
}

export interface SnapshotSource {
  /** Never rejects and never takes much longer than INFRA_EXPORTER_SCRAPE_TIMEOUT_MS. */
  read(): Promise<SinkSnapshot>;
  close(): Promise<void>;
}

/**
 * Reads the worker's connectors (every one, with its tasks) from Connect's REST API, then each sink's
 * lag from Kafka: end offsets against the offsets its consumer group committed. While Connect is
 * down the sinks it last listed keep their lag, which is then the number to watch.
 */
export function createSnapshotSource(config: InfraConfig, logger: Logger): SnapshotSource {
  const budgetMs = config.INFRA_EXPORTER_SCRAPE_TIMEOUT_MS;
  const connect = new ConnectClient(config.CONNECT_URL, { timeoutMs: Math.ceil(budgetMs / 2), retryForMs: 0 });
  const kafka = createKafka({
    clientId: 'infra-exporter',
    brokers: config.KAFKA_BROKERS,
    logger: createLogger('infra-exporter', 'silent'),
    connectionTimeout: Math.min(1000, budgetMs),
    requestTimeout: Math.ceil(budgetMs / 2),
    retry: { retries: 0 },
  });
  let admin: Promise<Admin> | undefined;
  let sinks: Sink[] = [];
  const wasUp: Record<Source, boolean> = { connect: true, kafka: true };

  const connectedAdmin = () =>
    (admin ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })());
  const dropAdmin = async () => {
    const dropped = admin;
    admin = undefined;
    await dropped?.then((client) => client.disconnect()).catch(() => undefined);
  };

  const lagsOf = async (current: Sink[]): Promise<ConnectorLag[]> => {
    const client = await connectedAdmin();
    const existing = await client.listTopics();
    const perSink = await Promise.all(
      current.map(async ({ name, config: sinkConfig }) => {
        const topics = sinkTopics(sinkConfig, existing).filter((topic) => existing.includes(topic));
        if (topics.length === 0) return [];
        const committed = await client.fetchOffsets({ groupId: sinkGroupId(name, sinkConfig), topics });
        const perTopic = await Promise.all(
          topics.map(async (topic) => {
            const partitions = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
            return sinkLag(topic, await client.fetchTopicOffsets(topic), partitions);
          }),
        );
        return perTopic.flat().map((row) => ({ connector: name, ...row }));
      }),
    );
    return perSink.flat();
  };

  const noteOutcome = (source: Source, error: unknown) => {
    if (error === undefined && !wasUp[source]) logger.info({ source }, `${source} answers again`);
    if (error !== undefined && wasUp[source]) logger.warn({ source, cause: describeCause(error) }, `${source} is down`);
    wasUp[source] = error === undefined;
  };

  return {
    async read() {
      const started = Date.now();
      const failed: Source[] = [];
      let connectors: ConnectorStatus[] = [];
      try {
        const listed = await withTimeout(connect.listWithConfigs(), budgetMs / 2, 'Kafka Connect');
        connectors = listed.map((entry) => entry.status);
        sinks = listed
          .filter((entry) => entry.status.type === 'sink')
          .map((entry) => ({ name: entry.status.name, config: entry.config }));
        noteOutcome('connect', undefined);
      } catch (error) {
        failed.push('connect');
        noteOutcome('connect', error);
      }
      let lags: ConnectorLag[] = [];
      try {
        lags = await withTimeout(lagsOf(sinks), Math.max(100, budgetMs - (Date.now() - started)), 'Kafka');
        noteOutcome('kafka', undefined);
      } catch (error) {
        failed.push('kafka');
        noteOutcome('kafka', error);
        // A broker that went away leaves a client that may never answer again: the next scrape starts afresh.
        void dropAdmin();
      }
      return { connectUp: !failed.includes('connect'), kafkaUp: !failed.includes('kafka'), connectors, lags, failed };
    },
    close: dropAdmin,
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms)} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
