import fs from 'node:fs';
import type { ConnectorStatus } from './connect-client.js';
import { brokerProcess, ensureBroker, probeBroker, type ComponentState } from './broker.js';
import { connectClient, connectProcess, ensureConnectWorker } from './connect-worker.js';
import { applyConnector, loadConnectorDefinitions, waitUntilRunning } from './connectors.js';
import { describeDatabaseAddress, ensureDatabases } from './databases.js';
import { brokerAddress, connectAddress, infraPaths, type InfraConfig } from './infra-config.js';
import { checkJava, ensureJars } from './java-toolchain.js';
import { isPortOpen, residentMiB, runningPid, stopProcess, waitPortFree } from './processes.js';
import { seconds, type Progress } from './progress.js';
import { ensureTopics } from './topics.js';
import { allKafkaNodes, ensureKafkaCluster, kafkaNodes } from './kafka-cluster.js';
import {
  ensureObservability,
  observabilityStatus,
  observabilitySummary,
  observabilityTargets,
} from './observability.js';
import type { Observability } from './observability.js';

export interface UpResult {
  broker: ComponentState;
  worker: ComponentState;
  /** Zipkin and the sink metrics exporter; absent when `up` was told to leave them out. */
  observability?: Observability;
  /** Whether this call started anything or changed any state (false: a no-op). */
  changed: boolean;
  summary: string[];
}

export interface UpOptions {
  /**
   * Start (or reuse) Zipkin and the sink metrics exporter too (the default). A private broker and
   * worker for one test (`startPrivateInfra`) leave them out: traces go to the shared Zipkin.
   */
  observability?: boolean;
  /**
   * Create and migrate the configuration's databases, topics and connectors too (the default). The
   * test run's first pass leaves them out: it only needs the broker and worker running, and it must
   * not migrate or register anything on the platform's own names (`mydb`...), which a user, or a
   * checkout of another version, runs on (I13); its own pipeline gets them in the second pass.
   */
  pipeline?: boolean;
}

/**
 * `pnpm infra:up`: every step first looks at what is already there and reuses it, so running it
 * twice is cheap and the second run says it had nothing to do.
 */
export async function up(config: InfraConfig, progress: Progress, options: UpOptions = {}): Promise<UpResult> {
  const started = Date.now();
  const paths = infraPaths(config);
  fs.mkdirSync(paths.broker, { recursive: true });
  fs.mkdirSync(paths.connect, { recursive: true });

  const alreadyUp = (await probeBroker(config)) !== undefined;
  if (!alreadyUp) {
    await progress.step('Checking Java', async () => progress.info(`java ${await checkJava(config)}`));
  }
  const jars = await ensureJars(config, paths, progress);

  // The database first: when it is unreachable, nothing has been started yet.
  const withPipeline = options.pipeline !== false;
  const databases = withPipeline
    ? await progress.step(
        `Databases ${config.ORDERS_DB} and ${config.CATALOG_DB} on ${describeDatabaseAddress(config)}`,
        () => ensureDatabases(config),
      )
    : { applied: [] };
  if (databases.applied.length) progress.info(`migrations applied: ${databases.applied.join(', ')}`);

  const broker =
    config.KAFKA_NODES > 1
      ? await progress.step(
          `Kafka cluster (KRaft, ${config.KAFKA_NODES} nodes) on ${config.KAFKA_BROKERS.join(',')}`,
          () => ensureKafkaCluster(config, paths, progress),
        )
      : await progress.step(`Kafka broker (KRaft) on ${brokerAddress(config).host}:${brokerAddress(config).port}`, () =>
          ensureBroker(config, paths, progress),
        );
  progress.info(`${broker.state}: ${broker.detail}`);

  const topics = withPipeline ? await progress.step('Topics', () => ensureTopics(config)) : { lines: [], created: [] };
  topics.lines.forEach((line) => progress.info(line));

  const worker = await progress.step(`Kafka Connect worker (distributed) on ${config.CONNECT_URL}`, () =>
    ensureConnectWorker(config, paths, broker.clusterId, progress),
  );
  progress.info(`${worker.state}: ${worker.detail}`);

  const client = connectClient(config);
  const connectorLines: string[] = [];
  let connectorsChanged = false;
  for (const definition of withPipeline ? loadConnectorDefinitions(paths.connectors, config) : []) {
    await progress.step(`Connector ${definition.name}`, async () => {
      const change = await applyConnector(client, definition);
      connectorsChanged ||= change !== 'unchanged';
      const status = await waitUntilRunning(client, definition.name, progress, config.INFRA_START_TIMEOUT_S * 1000);
      connectorLines.push(`${definition.name}: ${status.connector.state}, tasks ${taskStates(status)} (${change})`);
    });
  }

  const observability =
    options.observability === false ? undefined : await ensureObservability(config, paths, progress);

  const changed =
    jars === 'resolved' ||
    observability?.zipkin.state === 'started' ||
    observability?.exporter.state === 'started' ||
    broker.state === 'started' ||
    worker.state === 'started' ||
    worker.state === 'restarted' ||
    databases.applied.length > 0 ||
    topics.created.length > 0 ||
    connectorsChanged;
  const summary = [
    `Kafka broker   ${config.KAFKA_BROKERS.join(',')}  ${broker.state}${broker.pid ? ` (pid ${broker.pid})` : ''}`,
    `Kafka Connect  ${config.CONNECT_URL}  ${worker.state}${worker.pid ? ` (pid ${worker.pid})` : ''}`,
    `Database       ${describeDatabaseAddress(config)}  ${config.ORDERS_DB}, ${config.CATALOG_DB}`,
    ...connectorLines.map((line) => `Connector      ${line}`),
    ...(observability ? observabilitySummary(config, observability) : []),
    changed
      ? `Infrastructure up in ${seconds(started)}.`
      : `Nothing to do: everything was already up (checked in ${seconds(started)}).`,
  ];
  return { broker, worker, observability, changed, summary };
}

/**
 * `pnpm infra:down`: stops the processes infra:up started (by pid): the exporter, Zipkin, the
 * worker, then the broker, and waits for their ports.
 */
export async function down(config: InfraConfig, progress: Progress): Promise<string[]> {
  const paths = infraPaths(config);
  const lines: string[] = [];
  const targets = [
    ...observabilityTargets(config, paths),
    { processInfo: connectProcess(paths), ports: [connectAddress(config)] },
    {
      processInfo: brokerProcess(paths),
      ports: [brokerAddress(config), { host: brokerAddress(config).host, port: config.KAFKA_CONTROLLER_PORT }],
    },
  ];
  for (const { processInfo, ports } of targets) {
    const result = await progress.step(`Stopping ${processInfo.name}`, () => stopProcess(processInfo));
    if (result === 'stopped') {
      for (const { host, port } of ports) {
        if (!(await waitPortFree(host, port)))
          lines.push(`warning: ${host}:${port} is still in use by another process`);
      }
    }
    lines.push(`${processInfo.name}: ${result}`);
  }
  // The nodes of a multi-node cluster (infra:up -- --brokers 3), whatever KAFKA_NODES says now; all
  // at once, since the last one alone would wait in vain for a controller quorum to shut down cleanly.
  const nodes = allKafkaNodes(config, paths).filter((node) => runningPid(node.process) !== undefined);
  const stopped = await Promise.all(nodes.map((node) => stopProcess(node.process)));
  for (const [index, node] of nodes.entries()) {
    for (const port of [node.port, node.controllerPort]) {
      if (!(await waitPortFree(node.host, port)))
        lines.push(`warning: ${node.host}:${port} is still in use by another process`);
    }
    lines.push(`${node.process.name}: ${stopped[index]}`);
  }
  return lines;
}

/** `pnpm infra:reset`: down, then wipe the broker's and worker's data (the jar cache stays). */
export async function reset(config: InfraConfig, progress: Progress): Promise<string[]> {
  const lines = await down(config, progress);
  fs.rmSync(infraPaths(config).state, { recursive: true, force: true });
  lines.push(`wiped ${infraPaths(config).state}`);
  return lines;
}

export async function status(config: InfraConfig): Promise<{ healthy: boolean; lines: string[] }> {
  const paths = infraPaths(config);
  const lines: string[] = [];
  let healthy = true;
  const memory = (pid: number | undefined) => (pid ? ` pid ${pid}, ${residentMiB(pid) ?? '?'} MiB resident` : '');

  const clusterId = await probeBroker(config);
  const brokerPid = runningPid(config.KAFKA_NODES > 1 ? kafkaNodes(config, paths)[0]!.process : brokerProcess(paths));
  lines.push(
    `Kafka broker   ${config.KAFKA_BROKERS.join(',')}: ${clusterId ? `UP, cluster ${clusterId}` : 'DOWN'}` +
      `${memory(brokerPid)}${clusterId && !brokerPid ? ' (not ours)' : ''}`,
  );
  healthy &&= Boolean(clusterId);
  if (config.KAFKA_NODES > 1) {
    for (const node of kafkaNodes(config, paths)) {
      const pid = runningPid(node.process);
      const open = await isPortOpen(node.host, node.port);
      lines.push(
        `  node ${node.id} ${node.host}:${node.port} (controller ${node.controllerPort}): ` +
          `${open ? 'UP' : 'DOWN'}${memory(pid)}`,
      );
      healthy &&= open;
    }
  }

  const client = connectClient(config);
  const workerPid = runningPid(connectProcess(paths));
  try {
    const info = await client.info();
    lines.push(
      `Kafka Connect  ${config.CONNECT_URL}: UP, version ${info.version}` +
        `${memory(workerPid)}${workerPid ? '' : ' (not ours)'}`,
    );
    for (const name of await client.listConnectors()) {
      const connector = await client.status(name);
      lines.push(`  ${name}: ${connector.connector.state}; tasks ${taskStates(connector) || 'none'}`);
      for (const part of [connector.connector, ...connector.tasks]) {
        if (part.trace) lines.push(`    ${part.trace.split('\n')[0]}`);
      }
      healthy &&= connector.connector.state === 'RUNNING' && connector.tasks.every((task) => task.state === 'RUNNING');
    }
  } catch (error) {
    lines.push(`Kafka Connect  ${config.CONNECT_URL}: DOWN (${(error as Error).message})`);
    healthy = false;
  }
  const observability = await observabilityStatus(config, paths, memory);
  lines.push(...observability.lines);
  return { healthy: healthy && observability.healthy, lines };
}

function taskStates(status: ConnectorStatus): string {
  return status.tasks.map((task) => `${task.id}=${task.state}`).join(' ');
}
