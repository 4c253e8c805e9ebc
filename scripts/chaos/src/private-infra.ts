import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  down,
  dropDatabases,
  infraPaths,
  kafkaNodes,
  loadInfraConfig,
  pipelineEnv,
  runningPid,
  silentProgress,
  stopProcess,
  up,
  type InfraConfig,
  type ManagedProcess,
} from '@order-platform/infra';

/**
 * The drill's own Kafka, Connect worker and pipeline (topics, databases, sink connector, catalog
 * group, all named `chaos…`): other ports, another state dir. Its faults kill and restart these
 * processes only, never the shared ones, and whatever environment it runs in (a test run sets a
 * pipeline of its own), the drill's names are its own.
 */
export function privateEnv(brokers: 1 | 3): Record<string, string> {
  return {
    ...baseEnv,
    KAFKA_NODES: String(brokers),
    KAFKA_BROKERS: brokers === 1 ? '127.0.0.1:29092' : '127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096',
  };
}

/** The names of the drill's pipeline; CATALOG_GROUP_ID is the group the drill's catalog-service joins. */
export const chaosPipeline = pipelineEnv('chaos');

// Ports below Linux's ephemeral range (32768-60999): a port in it may be the local end of some
// outgoing connection at the moment the broker binds it ("Address already in use").
const baseEnv: Record<string, string> = {
  ...chaosPipeline,
  KAFKA_CONTROLLER_PORT: '29093',
  CONNECT_URL: 'http://127.0.0.1:28083',
  CONNECT_GROUP_ID: 'order-platform-connect-chaos',
  INFRA_STATE_DIR: process.env.CHAOS_STATE_DIR ?? path.join(os.tmpdir(), 'order-platform-chaos'),
  // A SIGKILLed worker's sink task moves to the other worker after this, not after Kafka's 5 minutes.
  CONNECT_REBALANCE_DELAY_MS: '10000',
  KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
  CONNECT_HEAP_OPTS: '-Xms128m -Xmx512m',
};

export function privateInfraConfig(brokers: 1 | 3): InfraConfig {
  return loadInfraConfig({ ...process.env, ...privateEnv(brokers) });
}

const brokerProcess = (config: InfraConfig): ManagedProcess => ({
  name: 'Kafka broker',
  pidFile: path.join(infraPaths(config).broker, 'broker.pid'),
  marker: '-Dorder.platform.role=broker',
});
const connectProcess = (config: InfraConfig): ManagedProcess => ({
  name: 'Kafka Connect worker',
  pidFile: path.join(infraPaths(config).connect, 'connect.pid'),
  marker: '-Dorder.platform.role=connect',
});

/** A clean slate: stop what a previous drill left, wipe its state, drop its databases, then up. */
export async function freshPrivateInfra(config: InfraConfig, say: (line: string) => void): Promise<void> {
  await down(config, silentProgress);
  fs.rmSync(config.INFRA_STATE_DIR, { recursive: true, force: true });
  await dropDatabases(config);
  const result = await up(config, silentProgress);
  result.summary.forEach(say);
}

/** Stops the broker (SIGTERM, as an operator restart does) and lets infra:up bring it back. */
export async function restartBroker(config: InfraConfig): Promise<void> {
  await stopProcess(brokerProcess(config));
  await up(config, silentProgress);
}

/** SIGKILLs the Connect worker (no clean hand-over of its sink task), then brings it back. */
export async function killAndRestartWorker(config: InfraConfig): Promise<void> {
  const worker = connectProcess(config);
  const pid = runningPid(worker);
  if (pid !== undefined) {
    process.kill(pid, 'SIGKILL');
    while (runningPid(worker) !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(worker);
  await up(config, silentProgress);
}

/** SIGKILLs one node of a multi-node cluster, keeps it down for `downMs` under load, then restarts it. */
export async function killKafkaNode(config: InfraConfig, id: number, downMs: number): Promise<void> {
  const node = kafkaNodes(config, infraPaths(config)).find((candidate) => candidate.id === id);
  const pid = node && runningPid(node.process);
  if (!node || pid === undefined) throw new Error(`Kafka node ${id} is not running`);
  process.kill(pid, 'SIGKILL');
  while (runningPid(node.process) !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await stopProcess(node.process);
  await up(config, silentProgress);
}

export async function stopPrivateInfra(config: InfraConfig): Promise<string[]> {
  return down(config, silentProgress);
}
