import fs from 'node:fs';
import path from 'node:path';
import { COMMON_BROKER_PROPERTIES, describeCluster, kafkaUuid, probeBroker, runStorageFormat } from './broker.js';
import type { BrokerState } from './broker.js';
import { brokerAddress, type InfraConfig, type InfraPaths } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { javaArgs } from './java-toolchain.js';
import { describePortHolder, isPortOpen, managedProcess, runningPid, spawnDetached, tail } from './processes.js';
import type { ManagedProcess } from './processes.js';
import { waitFor, type Progress } from './progress.js';

const MAX_NODES = 3;

/**
 * Several KRaft nodes on one machine (KAFKA_NODES > 1): node i listens on the first broker port
 * + 2(i-1) and the controller port + 2(i-1) (9092/9094/9096 and 9093/9095/9097 by default), each
 * with its own state dir under `cluster/`, all formatted with one cluster id. The one-node
 * default does not come here at all.
 */
export interface KafkaNode {
  id: number;
  host: string;
  port: number;
  controllerPort: number;
  dir: string;
  process: ManagedProcess;
}

/** What a node's properties need: where it listens and keeps its data. */
export type KraftNodeSpec = Pick<KafkaNode, 'id' | 'host' | 'port' | 'controllerPort' | 'dir'>;

export function kafkaNodes(config: InfraConfig, paths: InfraPaths, count = config.KAFKA_NODES): KafkaNode[] {
  const { host, port } = brokerAddress(config);
  return Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const dir = path.join(paths.state, 'cluster', `node-${id}`);
    return {
      id,
      host,
      port: port + 2 * index,
      controllerPort: config.KAFKA_CONTROLLER_PORT + 2 * index,
      dir,
      process: managedProcess(`Kafka node ${id}`, dir, `kafka-node-${id}`, 'node.pid'),
    };
  });
}

/** Every node process a multi-node infra:up may have started, whatever KAFKA_NODES says now (for down). */
export function allKafkaNodes(config: InfraConfig, paths: InfraPaths): KafkaNode[] {
  return kafkaNodes(config, paths, MAX_NODES);
}

/**
 * One node's server.properties. Each node names its own host, so the nodes may sit on one machine
 * (infra:up: one host, other ports) or on hosts of their own (the host drill: one address each).
 */
export function kraftNodeProperties(config: InfraConfig, node: KraftNodeSpec, nodes: KraftNodeSpec[]): string {
  const replicas = Math.min(3, nodes.length);
  const minIsr = Math.min(2, replicas);
  return [
    '# Written by infra:up from the environment; edits are overwritten.',
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${nodes.map((other) => `${other.id}@${other.host}:${other.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://${node.host}:${node.port},CONTROLLER://${node.host}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${node.host}:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(node.dir, 'data')}`,
    `offsets.topic.replication.factor=${replicas}`,
    `transaction.state.log.replication.factor=${replicas}`,
    `transaction.state.log.min.isr=${minIsr}`,
    `share.coordinator.state.topic.replication.factor=${replicas}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minIsr}`,
    ...COMMON_BROKER_PROPERTIES,
  ].join('\n');
}

/** How many brokers the cluster reports (0 when none answers). */
async function brokerCount(config: InfraConfig): Promise<number> {
  return (await describeCluster(config))?.brokers.length ?? 0;
}

/**
 * Starts the nodes that are not running (formatting them on first start) and waits for all of them
 * to be brokers of one cluster.
 */
export async function ensureKafkaCluster(
  config: InfraConfig,
  paths: InfraPaths,
  progress: Progress,
): Promise<BrokerState> {
  const nodes = kafkaNodes(config, paths);
  const clusterIdFile = path.join(paths.state, 'cluster', 'cluster.id');
  fs.mkdirSync(path.dirname(clusterIdFile), { recursive: true });
  if (!fs.existsSync(clusterIdFile)) fs.writeFileSync(clusterIdFile, `${kafkaUuid()}\n`);
  const clusterId = fs.readFileSync(clusterIdFile, 'utf8').trim();
  let started = 0;
  for (const node of nodes) {
    if (runningPid(node.process)) continue;
    for (const busy of [node.port, node.controllerPort]) {
      if (await isPortOpen(node.host, busy)) {
        throw new InfraError(
          `Port ${node.host}:${busy} (Kafka node ${node.id}) is held by ${describePortHolder(busy)}.`,
          'Stop it, or choose other ports with KAFKA_BROKERS / KAFKA_CONTROLLER_PORT.',
        );
      }
    }
    fs.mkdirSync(path.join(node.dir, 'logs'), { recursive: true });
    const propertiesFile = path.join(node.dir, 'server.properties');
    fs.writeFileSync(propertiesFile, kraftNodeProperties(config, node, nodes));
    if (!fs.existsSync(path.join(node.dir, 'data', 'meta.properties'))) {
      await progress.step(`Formatting KRaft storage of node ${node.id}`, () =>
        runStorageFormat(config, paths, { logDir: path.join(node.dir, 'logs'), clusterId, propertiesFile }),
      );
    }
    spawnDetached(
      node.process,
      config.JAVA,
      [
        ...javaArgs(paths, config.KAFKA_HEAP_OPTS, path.join(node.dir, 'logs'), 'server'),
        'kafka.Kafka',
        propertiesFile,
      ],
      {
        cwd: node.dir,
        logFile: path.join(node.dir, 'logs', 'stdout.log'),
      },
    );
    started++;
  }
  await waitFor(
    `${nodes.length} Kafka nodes at ${config.KAFKA_BROKERS.join(',')}`,
    async () => {
      for (const node of nodes) {
        if (!runningPid(node.process))
          throw new InfraError(
            `Kafka node ${node.id} exited during start-up. Last lines of its log:\n` +
              tail(path.join(node.dir, 'logs', 'server.log')),
          );
      }
      return (await brokerCount(config)) === nodes.length ? true : undefined;
    },
    { timeoutMs: config.INFRA_START_TIMEOUT_S * 1000, progress },
  );
  const id = (await probeBroker(config)) ?? clusterId;
  return {
    state: started > 0 ? 'started' : 'running',
    pid: runningPid(nodes[0]!.process),
    clusterId: id,
    detail: `cluster ${id}, ${nodes.length} nodes (pids ${nodes.map((node) => runningPid(node.process)).join(', ')})`,
  };
}
