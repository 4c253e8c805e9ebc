import { Launcher, type LaunchedProcess } from '../launcher.js';
import { entries, repoRoot } from '../platform.js';
import { findFreePort } from '../ports.js';
import { waitForUrl } from '../readiness.js';

const HOST = '127.0.0.1';

interface RegistryListing {
  services: Record<string, Array<{ url: string; status: string }>>;
}

/** Gateway, order-service instances and catalog-service on ports of the drill's own, on its private infra. */
export class PlatformUnderTest {
  readonly launcher: Launcher;
  readonly orders: LaunchedProcess[] = [];
  /** Each order-service process's instance id (its slot; see startOrder). */
  private readonly slots = new Map<LaunchedProcess, string>();
  catalog: LaunchedProcess | undefined;
  private ports = { gateway: 0, registry: 0, catalog: 0, nextOrder: 0 };

  constructor(
    write: (line: string) => void,
    /** The private infrastructure's addresses, given to every service. */
    private readonly infraEnv: Record<string, string>,
  ) {
    this.launcher = new Launcher({ write, color: false, graceMs: 20_000 });
  }

  get gatewayUrl(): string {
    return `http://${HOST}:${this.ports.gateway}`;
  }

  get catalogPort(): number {
    return this.ports.catalog;
  }

  private serviceEnv(port: number, instanceId?: string): Record<string, string | undefined> {
    return {
      ...this.infraEnv,
      HOST,
      PORT: String(port),
      REGISTRY_URL: `http://${HOST}:${this.ports.registry}`,
      INSTANCE_ID: instanceId,
      LOG_LEVEL: 'warn',
    };
  }

  /**
   * The slot a new instance takes: that of an instance that exited and was not replaced yet (as a
   * supervisor restarts a slot: the same instance id, so its Kafka transactional id fences what
   * the dead one left open), else a new one.
   */
  private freeSlot(): string {
    const taken = new Set([...this.slots].filter(([child]) => child.running).map(([, id]) => id));
    const vacated = [...this.slots.values()].find((id) => !taken.has(id));
    return vacated ?? `order-${new Set(this.slots.values()).size + 1}`;
  }

  async start(orderInstances: number): Promise<void> {
    this.ports.gateway = await findFreePort(38_000);
    this.ports.registry = await findFreePort(this.ports.gateway + 1);
    this.ports.catalog = await findFreePort(38_090);
    this.ports.nextOrder = 38_100;
    const gateway = this.launcher.start({
      name: 'gateway',
      entry: entries.gateway,
      cwd: repoRoot,
      env: { HOST, PORT: String(this.ports.gateway), REGISTRY_PORT: String(this.ports.registry), LOG_LEVEL: 'warn' },
    });
    await waitForUrl(`http://${HOST}:${this.ports.registry}/registry`, { timeoutMs: 60_000, process: gateway });
    const starting = [this.startCatalog()];
    for (let i = 0; i < orderInstances; i++) starting.push(this.startOrder().then(() => undefined));
    await Promise.all(starting);
  }

  /**
   * A new order-service instance on a port never used before in this run, in the slot of one that
   * exited (or a new slot); resolves once the gateway routes to it.
   */
  async startOrder(): Promise<LaunchedProcess> {
    const port = await findFreePort(this.ports.nextOrder);
    this.ports.nextOrder = port + 1;
    const instanceId = this.freeSlot();
    const child = this.launcher.start({
      name: `order-${port}`,
      entry: entries.order,
      cwd: repoRoot,
      env: this.serviceEnv(port, instanceId),
    });
    this.slots.set(child, instanceId);
    this.orders.push(child);
    await waitForUrl(`http://${HOST}:${port}/order-service/ready`, {
      timeoutMs: 120_000,
      process: child,
      intervalMs: 300,
    });
    await this.waitRegistered('order-service', port, child);
    return child;
  }

  async startCatalog(): Promise<void> {
    const port = this.ports.catalog;
    this.catalog = this.launcher.start({
      name: `catalog-${port}`,
      entry: entries.catalog,
      cwd: repoRoot,
      env: this.serviceEnv(port),
    });
    await waitForUrl(`http://${HOST}:${port}/catalog-service/ready`, {
      timeoutMs: 120_000,
      process: this.catalog,
      intervalMs: 300,
    });
    await this.waitRegistered('catalog-service', port, this.catalog);
  }

  runningOrders(): LaunchedProcess[] {
    return this.orders.filter((child) => child.running);
  }

  private waitRegistered(service: string, port: number, child: LaunchedProcess): Promise<void> {
    const url = `http://${HOST}:${port}`;
    return waitForUrl(`http://${HOST}:${this.ports.registry}/registry`, {
      timeoutMs: 60_000,
      process: child,
      accept: (status, body) =>
        status === 200 &&
        ((JSON.parse(body) as RegistryListing).services[service] ?? []).some(
          (instance) => instance.url === url && instance.status === 'up',
        ),
    });
  }

  async stop(): Promise<void> {
    await this.launcher.stopAll(20_000);
  }
}
