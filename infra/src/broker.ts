import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { brokerAddress, type InfraConfig, type InfraPaths } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { javaArgs } from './java-toolchain.js';
import { describePortHolder, isPortOpen, managedProcess, runningPid, spawnDetached, tail } from './processes.js';
import type { ManagedProcess } from './processes.js';
import { describeListener } from './orphans.js';
import { waitFor, type Progress } from './progress.js';

const run = promisify(execFile);

export function brokerProcess(paths: InfraPaths): ManagedProcess {
  return managedProcess('Kafka broker', paths.broker, 'broker');
}

/** One-node KRaft: this node is broker and controller; internal topics get replication factor 1. */
function serverProperties(config: InfraConfig, paths: InfraPaths): string {
  const { host, port } = brokerAddress(config);
  const controller = `${host}:${config.KAFKA_CONTROLLER_PORT}`;
  return [
    '# Written by infra:up from the environment; edits are overwritten.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${controller}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${controller}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(paths.broker, 'data')}`,
    // Defaults are 3 and 2: on one node, consumer groups and transactions would never start.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    ...COMMON_BROKER_PROPERTIES,
  ].join('\n');
}

/** The last lines of every node's server.properties, whether one node or three. */
export const COMMON_BROKER_PROPERTIES = [
  'group.initial.rebalance.delay.ms=0',
  // Topics are created explicitly (with their partition counts) by infra:up, never by a typo.
  'auto.create.topics.enable=false',
  'num.partitions=1',
  'log.retention.hours=168',
  'log.segment.bytes=67108864',
  '',
];

/** Answers with the cluster id when a Kafka broker answers at the configured address. */
export async function probeBroker(config: InfraConfig): Promise<string | undefined> {
  return (await describeCluster(config))?.clusterId;
}

/** The cluster as the configured brokers describe it; undefined when none answers within a few seconds. */
export async function describeCluster(
  config: InfraConfig,
): Promise<{ clusterId: string; brokers: unknown[] } | undefined> {
  const kafka = createKafka({
    clientId: 'infra-probe',
    brokers: config.KAFKA_BROKERS,
    logger: createLogger('infra', 'silent'),
    connectionTimeout: 1500,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.describeCluster();
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** `restarted`: our worker, restarted to load plugins added to the cache since it started. */
export type ComponentState = { state: 'started' | 'running' | 'restarted' | 'reused'; pid?: number; detail: string };
export type BrokerState = ComponentState & { clusterId: string };

export async function ensureBroker(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<BrokerState> {
  const processInfo = brokerProcess(paths);
  const { host, port } = brokerAddress(config);
  const ours = runningPid(processInfo);
  const clusterId = await probeBroker(config);
  if (clusterId) {
    return ours
      ? { state: 'running', pid: ours, clusterId, detail: `cluster ${clusterId}` }
      : {
          state: 'reused',
          clusterId,
          detail: `cluster ${clusterId}, not started by this checkout (${describeListener(port).text})`,
        };
  }
  if (!ours) {
    for (const busy of [port, config.KAFKA_CONTROLLER_PORT]) {
      if (await isPortOpen(host, busy)) {
        throw new InfraError(
          `Port ${host}:${busy} is held by ${describePortHolder(busy)}, ` +
            `which is not a Kafka broker answering at ${host}:${port}.`,
          `Stop it, or choose other ports with KAFKA_BROKERS / KAFKA_CONTROLLER_PORT (see .env.example).`,
        );
      }
    }
    await formatStorage(config, paths, progress);
    spawnDetached(
      processInfo,
      config.JAVA,
      [
        ...javaArgs(paths, config.KAFKA_HEAP_OPTS, path.join(paths.broker, 'logs'), 'server'),
        'kafka.Kafka',
        path.join(paths.broker, 'server.properties'),
      ],
      {
        cwd: paths.broker,
        logFile: path.join(paths.broker, 'logs', 'stdout.log'),
      },
    );
  }
  const serverLog = path.join(paths.broker, 'logs', 'server.log');
  const id = await waitFor(
    `the Kafka broker at ${host}:${port}`,
    async () => {
      if (!runningPid(processInfo)) {
        throw new InfraError(
          `The Kafka broker exited during start-up. Last lines of ${serverLog}:\n${tail(serverLog)}\n` +
            tail(path.join(paths.broker, 'logs', 'stdout.log'), 5),
          'If the storage is damaged, pnpm infra:reset wipes it.',
        );
      }
      return probeBroker(config);
    },
    { timeoutMs: config.INFRA_START_TIMEOUT_S * 1000, progress },
  );
  return { state: ours ? 'running' : 'started', pid: runningPid(processInfo), clusterId: id, detail: `cluster ${id}` };
}

/** Formats the KRaft storage once; `meta.properties` in the data dir says it was done. */
async function formatStorage(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<void> {
  const dataDir = path.join(paths.broker, 'data');
  fs.mkdirSync(path.join(paths.broker, 'logs'), { recursive: true });
  const propertiesFile = path.join(paths.broker, 'server.properties');
  fs.writeFileSync(propertiesFile, serverProperties(config, paths));
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  await progress.step('Formatting KRaft storage (first start)', () =>
    runStorageFormat(config, paths, {
      logDir: path.join(paths.broker, 'logs'),
      clusterId: kafkaUuid(),
      propertiesFile,
    }),
  );
}

/**
 * Runs Kafka's StorageTool on one node's properties. It ends with System.exit, so it runs as its own
 * JVM rather than in the broker's.
 */
export async function runStorageFormat(
  config: InfraConfig,
  paths: InfraPaths,
  node: { logDir: string; clusterId: string; propertiesFile: string },
): Promise<void> {
  const tool = ['kafka.tools.StorageTool', 'format', '-t', node.clusterId, '-c', node.propertiesFile];
  try {
    await run(
      config.JAVA,
      [...javaArgs(paths, '-Xmx256m', node.logDir, 'storage-tool'), ...tool, '--ignore-formatted'],
      {
        timeout: 120_000,
      },
    );
  } catch (error) {
    throw new InfraError(
      `Formatting the Kafka storage of ${node.propertiesFile} failed: ` +
        ((error as { stderr?: string }).stderr || (error as Error).message),
    );
  }
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64 (what `kafka-storage random-uuid` prints). */
export function kafkaUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
