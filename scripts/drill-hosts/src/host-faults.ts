import {
  ConnectClient,
  describeCluster,
  waitForWorkerReady,
  waitUntilRunning,
  type InfraConfig,
} from '@order-platform/infra';
import { waitForUrl } from '@order-platform/platform-harness';
import { workerUrl } from './connect-hosts.js';
import { waitDatabase } from './db-host.js';
import type { HostProcess } from './host-process.js';
import type { DrillHostsConfig } from './hosts-config.js';
import { waitBrokers } from './kafka-hosts.js';
import type { ServiceHosts } from './service-hosts.js';
import { hostOf, hostsIn, type TestHost, type Topology } from './topology.js';

export interface HostFault {
  name: string;
  /** Resolved when the fault is injected: which host (the sink task's worker is known only then). */
  host: () => Promise<TestHost>;
  kind: 'cut' | 'slow';
  holdMs: number;
  /** Polled while the fault holds: the first thing it answers is noted, with when (what the platform did). */
  observe?: () => Promise<string | undefined>;
  /** After the heal, until the platform is whole again; answers notes. */
  recover: () => Promise<string[]>;
}

export interface FaultContext {
  config: DrillHostsConfig;
  topology: Topology;
  infra: InfraConfig;
  services: ServiceHosts;
  brokers: HostProcess[];
  say: (line: string) => void;
}

const WHOLE_MS = 180_000;
/** How long a connector's status may lag behind a healed partition before the drill restarts it. */
const STATUS_MS = 30_000;

/** The faults, in the order they are injected. */
export function hostFaults(context: FaultContext): HostFault[] {
  const { config, topology, infra, services, brokers, say } = context;
  const [worker1, worker2] = hostsIn(topology, 'connect');
  const clientOf = (host: TestHost) => new ConnectClient(workerUrl(host), { timeoutMs: 3000, retryForMs: 0 });
  let sinkHolder: TestHost | undefined;
  const brokerCount = async () => (await describeCluster(infra))?.brokers.length;
  const brokersBack = async () => {
    await waitBrokers(infra, brokers, 3, say, WHOLE_MS);
    return [];
  };
  const connectorsRunning = async (via: TestHost) => {
    const notes: string[] = [];
    const client = new ConnectClient(workerUrl(via), { timeoutMs: 5000 });
    const progress = { step: <T>(_title: string, run: () => Promise<T>) => run(), info: () => undefined };
    for (const name of [infra.ORDERS_SINK_CONNECTOR, infra.ORDER_STATUS_SINK_CONNECTOR]) {
      const stuck = await waitUntilRunning(client, name, progress, STATUS_MS).then(
        () => undefined,
        (error: unknown) => (error as Error).message,
      );
      if (stuck === undefined) continue;
      // Measured: a worker that rejoins after a partition can write a stale UNASSIGNED over the status of a
      // connector that runs on the other worker, and a restart of failed parts skips it (it did not fail);
      // a restart of all of it (what an operator does) rewrites the status.
      notes.push(`${name}: ${stuck.replace(/^connector \S+ /, '')}; the drill restarted the connector`);
      await client.restart(name, { onlyFailed: false });
      await waitUntilRunning(client, name, progress, WHOLE_MS);
    }
    return notes;
  };
  const routedAgain = (host: TestHost) => async () => {
    await services.waitRouted(services.instanceOn(host), WHOLE_MS);
    return [];
  };
  const droppedByGateway = (host: TestHost) => async () => {
    const instance = services.instanceOn(host);
    const listing = await services.registry.listing();
    // No listing: the registry did not answer this time, which says nothing about the instance.
    if (!listing) return undefined;
    const listed = (listing[instance.service] ?? []).find((entry) => entry.url === instance.url);
    return listed?.status === 'up' ? undefined : 'the gateway stopped routing to it (heartbeats missing)';
  };
  const cut = { kind: 'cut' as const, holdMs: config.DRILL_HOSTS_CUT_S * 1000 };
  const slow = { kind: 'slow' as const, holdMs: config.DRILL_HOSTS_SLOW_S * 1000 };
  const [broker2, broker3] = [hostOf(topology, 'broker', 2), hostOf(topology, 'broker', 3)];
  const [order1, order2] = [hostOf(topology, 'order', 1), hostOf(topology, 'order', 2)];
  const catalog = hostOf(topology, 'catalog');
  return [
    {
      name: 'cut broker-2 off',
      host: async () => broker2,
      ...cut,
      observe: async () => ((await brokerCount()) === 2 ? 'the cluster fenced it: 2 brokers' : undefined),
      recover: brokersBack,
    },
    {
      name: 'cut off the Connect worker running the sink task',
      host: async () => {
        const status = await clientOf(worker1!).status(infra.ORDERS_SINK_CONNECTOR);
        const holder = status.tasks[0]?.worker_id ?? '';
        sinkHolder = holder.startsWith(`${worker2!.ip}:`) ? worker2! : worker1!;
        return sinkHolder;
      },
      holdMs: config.DRILL_HOSTS_WORKER_CUT_S * 1000,
      kind: 'cut',
      observe: async () => {
        const survivor = sinkHolder === worker1 ? worker2! : worker1!;
        const status = await clientOf(survivor)
          .status(infra.ORDERS_SINK_CONNECTOR)
          .catch(() => undefined);
        const task = status?.tasks[0];
        return task?.state === 'RUNNING' && task.worker_id.startsWith(`${survivor.ip}:`)
          ? `the sink task moved to ${survivor.name}`
          : undefined;
      },
      recover: async () => {
        // Whole again means both workers serve the group again, not only the survivor.
        await waitForWorkerReady(clientOf(sinkHolder!), WHOLE_MS);
        return connectorsRunning(sinkHolder === worker1 ? worker2! : worker1!);
      },
    },
    {
      name: 'cut order-1 off',
      host: async () => order1,
      ...cut,
      observe: droppedByGateway(order1),
      recover: routedAgain(order1),
    },
    {
      name: 'cut catalog-service off',
      host: async () => catalog,
      ...cut,
      observe: droppedByGateway(catalog),
      recover: async () => {
        await routedAgain(catalog)();
        await waitForUrl(`${services.instanceOn(catalog).url}/catalog-service/ready`, { timeoutMs: WHOLE_MS });
        return [];
      },
    },
    {
      name: 'cut the database off',
      host: async () => hostOf(topology, 'db'),
      kind: 'cut',
      holdMs: config.DRILL_HOSTS_DB_CUT_S * 1000,
      recover: async () => {
        await waitDatabase(infra, WHOLE_MS, say);
        return connectorsRunning(worker1!);
      },
    },
    {
      name: `slow link to broker-3 (${config.DRILL_HOSTS_SLOW_RATE})`,
      host: async () => broker3,
      ...slow,
      recover: brokersBack,
    },
    {
      name: `slow link to order-2 (${config.DRILL_HOSTS_SLOW_RATE})`,
      host: async () => order2,
      ...slow,
      recover: routedAgain(order2),
    },
  ];
}
