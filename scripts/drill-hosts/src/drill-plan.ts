import os from 'node:os';
import path from 'node:path';
import { pipelineEnv } from '@order-platform/infra';
import { CONNECT_PORT } from './connect-hosts.js';
import { DB_ACCOUNT, DB_PORT } from './db-host.js';
import type { DrillHostsConfig } from './hosts-config.js';
import { BROKER_PORT, CONTROLLER_PORT } from './kafka-hosts.js';
import { drillTopology, hostOf, hostsIn, type Topology } from './topology.js';

export interface DrillPlan {
  topology: Topology;
  stateDir: string;
  /** Infra keys (as environment) naming the hosts' addresses: brokers, worker, database, pipeline. */
  infraEnv: Record<string, string>;
  /** What every service gets on top: the same addresses, no tracing (no Zipkin is reachable inside). */
  serviceEnv: Record<string, string>;
}

export const drillPipeline = pipelineEnv('hosts');

/** Everything the drill derives from its configuration, the same in the outer and the inner process. */
export function drillPlan(config: DrillHostsConfig): DrillPlan {
  const topology = drillTopology(config.DRILL_HOSTS_SUBNET);
  const stateDir = config.DRILL_HOSTS_STATE_DIR || path.join(os.tmpdir(), 'ophost-drill');
  const infraEnv: Record<string, string> = {
    ...drillPipeline,
    KAFKA_NODES: '3',
    KAFKA_BROKERS: hostsIn(topology, 'broker')
      .map((host) => `${host.ip}:${BROKER_PORT}`)
      .join(','),
    KAFKA_CONTROLLER_PORT: String(CONTROLLER_PORT),
    TOPIC_REPLICATION_FACTOR: '3',
    TOPIC_PARTITIONS: '3',
    CONNECT_URL: `http://${hostOf(topology, 'connect', 1).ip}:${CONNECT_PORT}`,
    CONNECT_GROUP_ID: 'ophost-connect',
    // A cut-off worker's tasks move after this, not after Kafka's 5 minutes.
    CONNECT_REBALANCE_DELAY_MS: '10000',
    DB_HOST: hostOf(topology, 'db').ip,
    DB_PORT: String(DB_PORT),
    DB_USER: DB_ACCOUNT.user,
    DB_PASSWORD: DB_ACCOUNT.password,
    INFRA_STATE_DIR: stateDir,
    // Two cores for five JVMs: small heaps.
    KAFKA_HEAP_OPTS: '-Xms64m -Xmx256m',
    CONNECT_HEAP_OPTS: '-Xms64m -Xmx384m',
  };
  const serviceEnv = { ...infraEnv, OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' };
  return { topology, stateDir, infraEnv, serviceEnv };
}
