import fs from 'node:fs';
import path from 'node:path';
import {
  describeCluster,
  infraPaths,
  javaArgs,
  kafkaUuid,
  kraftNodeProperties,
  runStorageFormat,
  type InfraConfig,
  type KraftNodeSpec,
} from '@order-platform/infra';
import { HostProcess, until } from './host-process.js';
import type { TestHost } from './topology.js';

export const BROKER_PORT = 9092;
export const CONTROLLER_PORT = 9093;

/** The KRaft nodes, one per broker host: every node on its host's address, ports the same everywhere. */
export function brokerNodes(hosts: TestHost[], stateDir: string): KraftNodeSpec[] {
  return hosts.map((host) => ({
    id: host.index,
    host: host.ip,
    port: BROKER_PORT,
    controllerPort: CONTROLLER_PORT,
    dir: path.join(stateDir, host.name),
  }));
}

/**
 * Formats each node's storage with one cluster id (in parallel: each is a JVM of its own), starts
 * the three on their hosts and waits until the cluster reports three brokers.
 */
export async function startBrokers(
  config: InfraConfig,
  hosts: TestHost[],
  stateDir: string,
  say: (line: string) => void,
): Promise<HostProcess[]> {
  const paths = infraPaths(config);
  const nodes = brokerNodes(hosts, stateDir);
  const clusterId = kafkaUuid();
  await Promise.all(
    nodes.map(async (node) => {
      fs.mkdirSync(path.join(node.dir, 'logs'), { recursive: true });
      const propertiesFile = path.join(node.dir, 'server.properties');
      fs.writeFileSync(propertiesFile, kraftNodeProperties(config, node, nodes));
      await runStorageFormat(config, paths, { logDir: path.join(node.dir, 'logs'), clusterId, propertiesFile });
    }),
  );
  say(`formatted the storage of ${nodes.length} KRaft nodes (cluster ${clusterId})`);
  const brokers = nodes.map((node, i) => {
    const logs = path.join(node.dir, 'logs');
    const argv = [
      config.JAVA,
      ...javaArgs(paths, config.KAFKA_HEAP_OPTS, logs, 'server'),
      'kafka.Kafka',
      path.join(node.dir, 'server.properties'),
    ];
    return new HostProcess(`Kafka node ${node.id}`, hosts[i]!.ns, argv, path.join(logs, 'stdout.log'), node.dir);
  });
  await waitBrokers(config, brokers, nodes.length, say);
  return brokers;
}

/** Until `count` brokers are in the cluster (a node that exits meanwhile fails the wait). */
export function waitBrokers(
  config: InfraConfig,
  brokers: HostProcess[],
  count: number,
  say: (line: string) => void,
  timeoutMs = 180_000,
): Promise<true> {
  return until(
    `${count} Kafka brokers at ${config.KAFKA_BROKERS.join(',')}`,
    async () => {
      brokers.forEach((broker) => broker.assertRunning());
      return (await describeCluster(config))?.brokers.length === count ? true : undefined;
    },
    timeoutMs,
    say,
  );
}
