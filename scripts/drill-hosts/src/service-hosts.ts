import { randomBytes } from 'node:crypto';
import { repoRoot } from '@order-platform/command-kit';
import {
  Launcher,
  Registry,
  catalogEnv,
  entries,
  orderEnv,
  waitForUrl,
  type Env,
  type LaunchedProcess,
  type ServiceName,
} from '@order-platform/platform-harness';
import { onHost } from './ip-commands.js';
import { hostOf, hostsIn, type TestHost, type Topology } from './topology.js';

export const GATEWAY_PORT = 8000;
export const REGISTRY_PORT = 8001;
export const ORDER_PORT = 8081;
export const CATALOG_PORT = 8090;

const READY_MS = 180_000;

export interface ServiceHost {
  host: TestHost;
  service: ServiceName;
  url: string;
  process: LaunchedProcess;
}

/**
 * The gateway, the order-service instances and catalog-service, each on its host, started by the
 * harness's launcher under `ip netns exec`. Every address is set: where each listens, what each
 * registers, where the registry is and which hosts it takes registrations from.
 */
export class ServiceHosts {
  readonly launcher: Launcher;
  readonly gateway: TestHost;
  readonly instances: ServiceHost[] = [];

  constructor(
    private readonly topology: Topology,
    private readonly env: Env,
    write: (line: string) => void,
  ) {
    this.launcher = new Launcher({ write, color: false, graceMs: 20_000 });
    this.gateway = hostOf(topology, 'gateway');
  }

  /** The registry listens on the gateway host's address, not loopback: it needs a secret (one per run). */
  private readonly registrySecret = randomBytes(24).toString('base64url');

  get gatewayUrl(): string {
    return `http://${this.gateway.ip}:${GATEWAY_PORT}`;
  }

  get registry(): Registry {
    return new Registry(`http://${this.gateway.ip}:${REGISTRY_PORT}`);
  }

  async start(): Promise<void> {
    const allowed = [...hostsIn(this.topology, 'order'), ...hostsIn(this.topology, 'catalog')].map((host) => host.ip);
    const gateway = this.launch('gateway', this.gateway, entries.gateway, {
      GATEWAY_HOST: this.gateway.ip,
      GATEWAY_PORT: String(GATEWAY_PORT),
      REGISTRY_HOST: this.gateway.ip,
      REGISTRY_PORT: String(REGISTRY_PORT),
      REGISTRY_ALLOWED_HOSTS: allowed.join(','),
      CONSOLE_URL: 'none',
    });
    await this.registry.waitAnswering({ timeoutMs: READY_MS, process: gateway });
    const settings = (host: TestHost, port: number) => ({
      port,
      host: host.ip,
      registryUrl: this.registry.url,
      instanceId: `${host.role}-${host.index}`,
    });
    const starting = [
      ...hostsIn(this.topology, 'order').map((host) =>
        this.startService('order-service', host, entries.order, orderEnv(settings(host, ORDER_PORT)), ORDER_PORT),
      ),
      ...hostsIn(this.topology, 'catalog').map((host) =>
        this.startService(
          'catalog-service',
          host,
          entries.catalog,
          catalogEnv(settings(host, CATALOG_PORT)),
          CATALOG_PORT,
        ),
      ),
    ];
    await Promise.all(starting);
  }

  /** Until the gateway routes to the instance on `host` again (its heartbeats arrive). */
  waitRouted(instance: ServiceHost, timeoutMs: number): Promise<void> {
    return this.registry.waitUp(instance.service, instance.url, { timeoutMs, process: instance.process });
  }

  instanceOn(host: TestHost): ServiceHost {
    const found = this.instances.find((instance) => instance.host === host);
    if (!found) throw new Error(`no service runs on ${host.name}`);
    return found;
  }

  /** Services first (they deregister while the gateway still answers), then the gateway. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.process.stop()));
    await this.launcher.stopAll();
  }

  private async startService(service: ServiceName, host: TestHost, entry: string, env: Env, port: number) {
    const process = this.launch(host.name, host, entry, env);
    const instance = { host, service, url: `http://${host.ip}:${port}`, process };
    this.instances.push(instance);
    await waitForUrl(`${instance.url}/${service}/ready`, { timeoutMs: READY_MS, process, intervalMs: 300 });
    await this.waitRouted(instance, READY_MS);
  }

  private launch(name: string, host: TestHost, entry: string, env: Env): LaunchedProcess {
    const prefix = onHost(host.ns, []);
    const all = { ...this.env, REGISTRY_SECRET: this.registrySecret, ...env };
    return this.launcher.start({ name, entry, cwd: repoRoot, env: all, prefix });
  }
}
