import {
  ConnectClient,
  applyConnector,
  createProgress,
  ensureDatabases,
  ensureJars,
  ensureTopics,
  infraPaths,
  loadConnectorDefinitions,
  waitUntilRunning,
  type InfraConfig,
} from '@order-platform/infra';
import { startWorkers } from './connect-hosts.js';
import { startDatabase, waitDatabase } from './db-host.js';
import { until, type HostProcess } from './host-process.js';
import type { DrillHostsConfig } from './hosts-config.js';
import { startBrokers } from './kafka-hosts.js';
import type { DrillPlan } from './drill-plan.js';
import { ServiceHosts } from './service-hosts.js';
import { hostOf, hostsIn } from './topology.js';

export interface HostsPlatform {
  brokers: HostProcess[];
  workers: HostProcess[];
  database?: HostProcess;
  services?: ServiceHosts;
}

/**
 * Brings the platform up across the hosts, recording each process in `up` as soon as it runs (so a
 * failure half-way still stops it): the database and the brokers, then schema and topics, the
 * workers and both sinks, then the services.
 */
export async function startHostsPlatform(
  config: DrillHostsConfig,
  plan: DrillPlan,
  infra: InfraConfig,
  up: HostsPlatform,
  say: (line: string) => void,
  writeServiceLine: (line: string) => void,
): Promise<void> {
  const { topology, stateDir } = plan;
  const progress = createProgress((line) => say(line.trim()));
  await ensureJars(infra, infraPaths(infra), progress);
  say(`database on ${hostOf(topology, 'db').name}, 3 KRaft nodes on ${infra.KAFKA_BROKERS.join(', ')}`);
  const [database, brokers] = await Promise.all([
    startDatabase(config, hostOf(topology, 'db'), stateDir, say).then((db) => (up.database = db)),
    startBrokers(infra, hostsIn(topology, 'broker'), stateDir, say).then((nodes) => (up.brokers = nodes)),
  ]);
  await waitDatabase(infra, 60_000, say);
  const pids = brokers.map((broker) => broker.pid).join(', ');
  say(`database ${infra.DB_HOST}:${infra.DB_PORT} (pid ${database.pid}), brokers pids ${pids}`);
  const { applied } = await ensureDatabases(infra);
  say(`migrations: ${applied.length} applied`);
  // A broker may not know a topic the controller just created yet ("does not host this topic-partition"):
  // creating is idempotent, so ask again until every broker's metadata has it.
  const topics = await until('the topics', () => ensureTopics(infra).catch(() => undefined), 60_000, say);
  topics.lines.forEach((line) => say(`topic ${line} (replication factor 3, min.insync 2)`));
  say('2 Connect workers (one group)');
  up.workers = await startWorkers(infra, hostsIn(topology, 'connect'), stateDir, say);
  const client = new ConnectClient(infra.CONNECT_URL, { timeoutMs: 10_000 });
  for (const definition of loadConnectorDefinitions(infraPaths(infra).connectors, infra)) {
    await applyConnector(client, definition);
    await waitUntilRunning(client, definition.name, progress, 180_000);
    say(`connector ${definition.name} RUNNING`);
  }
  say('gateway, 2 order-service instances, catalog-service');
  up.services = new ServiceHosts(topology, plan.serviceEnv, writeServiceLine);
  await up.services.start();
  say(`platform up: gateway ${up.services.gatewayUrl}`);
}

/** Everything it started, services first, then the workers, the brokers (all at once) and the database. */
export async function stopHostsPlatform(up: HostsPlatform): Promise<void> {
  await up.services?.stop();
  await Promise.all(up.workers.map((worker) => worker.stop()));
  await Promise.all(up.brokers.map((broker) => broker.stop()));
  await up.database?.stop();
}
