import fs from 'node:fs';
import path from 'node:path';
import { ConnectClient, ConnectError } from './connect-client.js';
import { waitForWorkerReady } from './connect-waits.js';
import { brokerAddress, connectAddress, type InfraConfig, type InfraPaths } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { javaArgs } from './java-toolchain.js';
import {
  describePortHolder,
  isPortOpen,
  managedProcess,
  runningPid,
  spawnDetached,
  stopProcess,
  tail,
  waitPortFree,
  type ManagedProcess,
} from './processes.js';
import { describeListener, leftoverHint } from './orphans.js';
import { waitFor, type Progress } from './progress.js';
import type { ComponentState } from './broker.js';

export const JDBC_SINK_CLASS = 'io.debezium.connector.jdbc.JdbcSinkConnector';

export function connectProcess(paths: InfraPaths): ManagedProcess {
  return managedProcess('Kafka Connect worker', paths.connect, 'connect');
}

/** Distributed mode, as in the seed (`connect-distributed.properties`), sized for one node. */
export function workerProperties(config: InfraConfig, paths: InfraPaths): string {
  const { host, port } = connectAddress(config);
  const rf = config.TOPIC_REPLICATION_FACTOR;
  return [
    '# Written by infra:up from the environment; edits are overwritten.',
    `bootstrap.servers=${config.KAFKA_BROKERS.join(',')}`,
    `group.id=${config.CONNECT_GROUP_ID}`,
    'key.converter=org.apache.kafka.connect.json.JsonConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable=true',
    'value.converter.schemas.enable=true',
    `config.storage.topic=${config.CONNECT_GROUP_ID}-configs`,
    `offset.storage.topic=${config.CONNECT_GROUP_ID}-offsets`,
    `status.storage.topic=${config.CONNECT_GROUP_ID}-status`,
    `config.storage.replication.factor=${rf}`,
    `offset.storage.replication.factor=${rf}`,
    `status.storage.replication.factor=${rf}`,
    'offset.storage.partitions=5',
    'status.storage.partitions=1',
    `listeners=http://${host}:${port}`,
    `rest.advertised.host.name=${host}`,
    `rest.advertised.port=${port}`,
    `plugin.path=${paths.plugins}`,
    // Our plugins ship ServiceLoader manifests; skipping the reflective scan saves seconds per start.
    'plugin.discovery=service_load',
    // Sinks must never see records of aborted order transactions.
    'consumer.isolation.level=read_committed',
    'connector.client.config.override.policy=All',
    'offset.flush.interval.ms=1000',
    // How long the group keeps a vanished worker's tasks unassigned, waiting for it to come back.
    `scheduled.rebalance.max.delay.ms=${config.CONNECT_REBALANCE_DELAY_MS}`,
    '',
  ].join('\n');
}

export function connectClient(config: InfraConfig): ConnectClient {
  return new ConnectClient(config.CONNECT_URL, { timeoutMs: 3000 });
}

/** The worker's cluster id when a Connect worker answers its REST API, `undefined` otherwise. */
async function probeWorker(config: InfraConfig): Promise<string | undefined> {
  try {
    return (await new ConnectClient(config.CONNECT_URL, { timeoutMs: 3000, retryForMs: 0 }).info()).kafka_cluster_id;
  } catch {
    return undefined;
  }
}

export async function ensureConnectWorker(
  config: InfraConfig,
  paths: InfraPaths,
  brokerClusterId: string,
  progress: Progress,
): Promise<ComponentState> {
  const processInfo = connectProcess(paths);
  const { host, port } = connectAddress(config);
  const ours = runningPid(processInfo);
  let clusterId = await probeWorker(config);
  if (!clusterId && !ours) {
    if (await isPortOpen(host, port)) {
      throw new InfraError(
        `Port ${host}:${port} is held by ${describePortHolder(port)}, which is not a Kafka Connect worker.`,
        'Stop it, or point CONNECT_URL at another port (see .env.example).',
      );
    }
    startWorker(config, paths);
  }
  if (!clusterId) clusterId = await waitWorkerAnswers(config, paths, progress);
  if (clusterId !== brokerClusterId) {
    const { host: brokerHost, port: brokerPort } = brokerAddress(config);
    const listener = describeListener(port);
    throw new InfraError(
      `The Connect worker at ${config.CONNECT_URL} (${listener.text}) belongs to Kafka cluster ${clusterId}, ` +
        `not to the broker at ${brokerHost}:${brokerPort} (${brokerClusterId}).`,
      ours ? 'It is ours: pnpm infra:down, then pnpm infra:up.' : leftoverHint(listener.holder),
    );
  }
  const required = requiredConnectorClasses(paths.connectors);
  let missing = missingClasses(required, await waitForPlugins(config, paths, progress));
  let restartedFor: string[] | undefined;
  if (missing.length > 0 && ours) {
    // A JVM scans plugin.path once, at start: a plugin added to the cache since (a new
    // artifactItem in infra/pom.xml) needs a restart. Its connectors resume from committed offsets.
    progress.info(
      `the worker (pid ${ours}) started before infra/.cache/plugins had ${missing.join(', ')}: restarting it`,
    );
    await stopProcess(processInfo);
    if (!(await waitPortFree(host, port)))
      throw new InfraError(`Port ${host}:${port} is still in use after the Connect worker stopped.`);
    startWorker(config, paths);
    await waitWorkerAnswers(config, paths, progress);
    restartedFor = missing;
    missing = missingClasses(required, await waitForPlugins(config, paths, progress));
  }
  if (missing.length > 0) {
    throw new InfraError(
      `The Connect worker at ${config.CONNECT_URL} has no plugin for ${missing.join(', ')}, ` +
        'which connector files in infra/connectors use.',
      runningPid(processInfo)
        ? 'infra/.cache/plugins lacks it: add its plugin archive to infra/pom.xml (pnpm infra:up then fetches it).'
        : 'That worker was not started by infra:up: put infra/.cache/plugins on its plugin.path and restart it, ' +
            'or stop it and run pnpm infra:up.',
    );
  }
  const pid = runningPid(processInfo);
  if (restartedFor)
    return { state: 'restarted', pid, detail: `${config.CONNECT_URL}, to load ${restartedFor.join(', ')}` };
  return ours
    ? { state: 'running', pid: ours, detail: config.CONNECT_URL }
    : pid
      ? { state: 'started', pid, detail: config.CONNECT_URL }
      : {
          state: 'reused',
          detail: `${config.CONNECT_URL}, not started by this checkout (${describeListener(port).text})`,
        };
}

function startWorker(config: InfraConfig, paths: InfraPaths): void {
  fs.mkdirSync(path.join(paths.connect, 'logs'), { recursive: true });
  const propertiesFile = path.join(paths.connect, 'worker.properties');
  fs.writeFileSync(propertiesFile, workerProperties(config, paths));
  spawnDetached(
    connectProcess(paths),
    config.JAVA,
    [
      ...javaArgs(paths, config.CONNECT_HEAP_OPTS, path.join(paths.connect, 'logs'), 'connect'),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      propertiesFile,
    ],
    { cwd: paths.connect, logFile: path.join(paths.connect, 'logs', 'stdout.log') },
  );
}

/** Resolves the worker's Kafka cluster id once its REST API answers; aborts when our worker died. */
function waitWorkerAnswers(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<string> {
  return waitFor(
    `the Kafka Connect worker at ${config.CONNECT_URL}`,
    async () => {
      if (!runningPid(connectProcess(paths))) {
        throw new InfraError(
          `The Kafka Connect worker exited during start-up. Last lines of its log:\n${tail(connectLog(paths))}\n` +
            tail(path.join(paths.connect, 'logs', 'stdout.log'), 5),
        );
      }
      return probeWorker(config);
    },
    { timeoutMs: config.INFRA_START_TIMEOUT_S * 1000, progress },
  );
}

/**
 * The REST API answers seconds before the herder can serve config requests (it is still catching
 * up with the config topic): wait for `GET /health`, then read the plugin list.
 */
async function waitForPlugins(
  config: InfraConfig,
  paths: InfraPaths,
  progress: Progress,
): Promise<Array<{ class: string }>> {
  const client = connectClient(config);
  await waitForWorkerReady(client, config.INFRA_START_TIMEOUT_S * 1000, {
    onWaiting: (waitedMs) =>
      progress.info(`still waiting for the Connect worker to finish starting (${(waitedMs / 1000).toFixed(1)}s)`),
    abortIf: () => {
      const pidFile = connectProcess(paths).pidFile;
      if (fs.existsSync(pidFile) && !runningPid(connectProcess(paths))) {
        throw new InfraError(
          `The Kafka Connect worker exited during start-up. Last lines of its log:\n${tail(connectLog(paths))}`,
        );
      }
    },
  });
  return client.plugins();
}

/**
 * The connector classes named by the files in infra/connectors and its subfolders (demo/ holds
 * connectors infra:up does not register, but the worker must be able to run them).
 */
export function requiredConnectorClasses(dir: string): string[] {
  const classes = new Set([JDBC_SINK_CLASS]);
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.json')) {
        const connectorClass = (JSON.parse(fs.readFileSync(file, 'utf8')) as { config?: Record<string, string> })
          .config?.['connector.class'];
        if (connectorClass) classes.add(connectorClass);
      }
    }
  };
  visit(dir);
  return [...classes].sort();
}

const missingClasses = (required: string[], plugins: Array<{ class: string }>) =>
  required.filter((name) => !plugins.some((plugin) => plugin.class === name));

export { ConnectError };

function connectLog(paths: InfraPaths): string {
  return path.join(paths.connect, 'logs', 'connect.log');
}
