import { repoRoot } from '@order-platform/command-kit';
import { Launcher, type LaunchedProcess, type StopResult } from '../processes/launcher.js';
import { waitForUrl } from '../processes/readiness.js';
import { stopInGroups, type StopObserver } from '../processes/stop-groups.js';
import { entries, orderSlotId, urlOf } from './entries.js';
import { OrderPorts, resolvePorts, type PlatformPorts, type PortChoice } from './platform-ports.js';
import { Registry, type ServiceName } from './registry.js';
import { catalogEnv, consoleEnv, gatewayEnv, orderEnv, type Env } from './service-env.js';

export interface PlatformOptions {
  ports: PortChoice;
  /** Over the harness's own environment for every process (pipeline names, LOG_LEVEL, a profiler...). */
  env?: Env;
  /** Where the processes' prefixed output lines go (default: stdout). */
  write?: (line: string) => void;
  /** Colored names (default: when stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** After SIGTERM, how long a process may take to stop before it gets SIGKILL (default 20 s). */
  graceMs?: number;
  /** How long each process may take to be ready, and then registered (default 120 s). */
  readyTimeoutMs?: number;
  /** The services' own shutdown timeouts (their defaults when not given). */
  shutdownMs?: number;
  /** Called as each process is launched, before it is ready (pnpm start watches for unexpected exits). */
  onLaunch?: (child: LaunchedProcess, role: Role) => void;
}

export type Role = 'gateway' | 'order' | 'catalog' | 'console';

/** How far a start waits: until the gateway routes to it (default), until it is ready, or not at all. */
export type Wait = 'registered' | 'ready' | 'none';

export interface OrderInstance {
  port: number;
  /** Its slot, `order-N`: the suffix of its Kafka transactional id. */
  instanceId: string;
  process: LaunchedProcess;
}

/**
 * The platform as processes: the gateway, order-service instances and catalog-service, each
 * started with the environment its config reads, waited for until it is ready and the gateway
 * routes to it, and stopped services first (they deregister while the gateway still answers).
 * `pnpm start`, `start:order`, the bench, the chaos drill and the platform tests all start it here.
 */
export class Platform {
  readonly launcher: Launcher;
  gateway: LaunchedProcess | undefined;
  catalog: LaunchedProcess | undefined;
  console: LaunchedProcess | undefined;
  readonly orders: OrderInstance[] = [];
  private resolved: PlatformPorts | undefined;
  private orderPorts: OrderPorts | undefined;
  private readonly readyTimeoutMs: number;
  private readonly listening: number[] = [];

  constructor(private readonly options: PlatformOptions) {
    this.launcher = new Launcher({ write: options.write, color: options.color, graceMs: options.graceMs ?? 20_000 });
    this.readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  }

  get ports(): PlatformPorts {
    if (!this.resolved) throw new Error('the platform has no ports yet: start it first');
    return this.resolved;
  }

  get gatewayUrl(): string {
    return urlOf(this.ports.gateway);
  }

  get registryUrl(): string {
    return urlOf(this.ports.registry);
  }

  get registry(): Registry {
    return new Registry(this.registryUrl);
  }

  /** Fixes the ports (finding free ones when asked to); idempotent. */
  async resolvePorts(): Promise<PlatformPorts> {
    this.resolved ??= await resolvePorts(this.options.ports);
    this.orderPorts ??= new OrderPorts(this.resolved);
    return this.resolved;
  }

  /**
   * The gateway first (the services register with it), then the instances, catalog-service and (when
   * asked: `pnpm start` does) the console at once.
   */
  async start(instances: number, options: { catalog?: boolean; console?: boolean } = {}): Promise<void> {
    await this.startGateway();
    const starting: Array<Promise<unknown>> = [];
    for (let i = 0; i < instances; i++) starting.push((await this.launchOrder({}))());
    if (options.catalog ?? true) starting.push(this.startCatalog());
    if (options.console) starting.push(this.startConsole());
    await Promise.all(starting);
  }

  async startGateway(): Promise<LaunchedProcess> {
    const ports = await this.resolvePorts();
    const env = gatewayEnv(ports.gateway, ports.registry, this.options.shutdownMs, ports.console);
    this.gateway = this.launch('gateway', 'gateway', entries.gateway, env);
    this.listening.push(ports.gateway, ports.registry);
    await this.registry.waitAnswering({ timeoutMs: this.readyTimeoutMs, process: this.gateway });
    return this.gateway;
  }

  /**
   * One more order-service instance, on the given port or the next free one, in the given slot or
   * the one an exited instance left (as a supervisor restarts a slot: its Kafka transactional id
   * then fences what the dead one left open), else a new one.
   */
  async startOrder(options: { port?: number; instanceId?: string; wait?: Wait } = {}): Promise<OrderInstance> {
    return (await this.launchOrder(options))();
  }

  /** The port the next order-service instance takes: the first free one above the last handed out. */
  async nextOrderPort(): Promise<number> {
    await this.resolvePorts();
    return this.orderPorts!.next();
  }

  runningOrders(): OrderInstance[] {
    return this.orders.filter((instance) => instance.process.running);
  }

  /**
   * catalog-service on the platform's catalog port (a restart after a kill takes the same port),
   * or, with `port`, `name` and `env`, one more of its own (the bench's consumer scenario).
   */
  async startCatalog(options: { port?: number; name?: string; env?: Env; wait?: Wait } = {}): Promise<LaunchedProcess> {
    const ports = await this.resolvePorts();
    const port = options.port ?? ports.catalog;
    const env = { ...catalogEnv(this.settings(port)), ...options.env };
    const child = this.launch(options.name ?? `catalog-${port}`, 'catalog', entries.catalog, env);
    this.listening.push(port);
    if (options.port === undefined) this.catalog = child;
    await this.waitFor('catalog-service', port, child, options.wait);
    return child;
  }

  /** The console on its port, waited for until it answers (it needs nothing else to start). */
  async startConsole(): Promise<LaunchedProcess> {
    const ports = await this.resolvePorts();
    const child = this.launch('console', 'console', entries.console, consoleEnv(this.settings(ports.console)));
    this.listening.push(ports.console);
    this.console = child;
    await waitForUrl(`${urlOf(ports.console)}/console/ready`, {
      timeoutMs: this.readyTimeoutMs,
      process: child,
      intervalMs: 200,
    });
    return child;
  }

  /** Every port a process of this platform was started to listen on (the gateway's two included). */
  listeningPorts(): number[] {
    return [...new Set(this.listening)];
  }

  /** The processes still running, as the launcher started them. */
  running(): LaunchedProcess[] {
    return this.launcher.running();
  }

  /** Services first (they deregister while the gateway still answers), then the gateway. */
  stop(observer?: StopObserver): Promise<StopResult[]> {
    const services = this.launcher.list().filter((child) => child !== this.gateway);
    return stopInGroups([services, this.gateway ? [this.gateway] : []], observer);
  }

  /** Launches at once (ports and slots are handed out in order), resolves a function that waits for it. */
  private async launchOrder(options: {
    port?: number;
    instanceId?: string;
    wait?: Wait;
  }): Promise<() => Promise<OrderInstance>> {
    await this.resolvePorts();
    const port = options.port ?? (await this.nextOrderPort());
    const instanceId = options.instanceId ?? this.freeSlot();
    const child = this.launch(
      `order-${port}`,
      'order',
      entries.order,
      orderEnv({ ...this.settings(port), instanceId }),
    );
    const instance = { port, instanceId, process: child };
    this.listening.push(port);
    this.orders.push(instance);
    const ready = this.waitFor('order-service', port, child, options.wait).then(() => instance);
    // A failure surfaces where it is awaited; until then it must not count as unhandled.
    ready.catch(() => undefined);
    return () => ready;
  }

  private freeSlot(): string {
    const slots = this.orders.map((instance) => instance.instanceId);
    const taken = new Set(this.runningOrders().map((instance) => instance.instanceId));
    return slots.find((slot) => !taken.has(slot)) ?? orderSlotId(new Set(slots).size + 1);
  }

  private settings(port: number) {
    return { port, registryUrl: this.registryUrl, shutdownMs: this.options.shutdownMs };
  }

  private launch(name: string, role: Role, entry: string, env: Env): LaunchedProcess {
    const child = this.launcher.start({ name, entry, cwd: repoRoot, env: { ...this.options.env, ...env } });
    this.options.onLaunch?.(child, role);
    return child;
  }

  /** Ready means it can take work (Kafka and the database answer); registered, that the gateway routes to it. */
  private async waitFor(service: ServiceName, port: number, child: LaunchedProcess, wait: Wait = 'registered') {
    if (wait === 'none') return;
    const timeoutMs = this.readyTimeoutMs;
    await waitForUrl(`${urlOf(port)}/${service}/ready`, { timeoutMs, process: child, intervalMs: 300 });
    if (wait === 'registered') await this.registry.waitUp(service, urlOf(port), { timeoutMs, process: child });
  }
}

/**
 * A platform on its ports, started: the gateway, `instances` order-service instances and
 * catalog-service. When one of them fails to start, what did start is stopped again.
 */
export async function startPlatform(
  options: PlatformOptions & { instances: number; catalog?: boolean; console?: boolean },
): Promise<Platform> {
  const platform = new Platform(options);
  try {
    await platform.start(options.instances, { catalog: options.catalog, console: options.console });
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}
