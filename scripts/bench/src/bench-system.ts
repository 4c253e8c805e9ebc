import type { InfraConfig } from '@order-platform/infra';
import {
  Platform,
  catalogResources,
  catalogResourcesEnv,
  createCatalogResources,
  dropCatalogResources,
  findFreePort,
  HOST,
  urlOf,
  type CatalogResources,
  type Env,
  type LaunchedProcess,
} from '@order-platform/platform-harness';
import { statusTopicOf } from './orders-pipeline.js';

export interface BenchSystemOptions {
  runId: string;
  infra: InfraConfig;
  /** Extra environment for every service (e.g. the profiler). */
  env?: Env;
  /** Where the order-service instances publish and read orders (the benchmark's own pipeline). */
  orders: { topic: string; database: string };
  firstPort?: number;
}

/**
 * The platform under test, as `pnpm start` runs it (the same harness, entry points and
 * environment), on ports of the benchmark's own, so a platform already running on the default
 * ports is not disturbed. catalog-service gets a topic, consumer group and database of this run's
 * own (the instances publish their catalog messages there), and the orders go to the run's own
 * copy of the orders pipeline (OrdersPipeline: topic, table, sink connector): nothing shared is
 * written, and nothing is left behind.
 */
export class BenchSystem {
  readonly platform: Platform;
  readonly catalog: CatalogResources;
  private readonly created: CatalogResources[] = [];

  constructor(private readonly options: BenchSystemOptions) {
    this.catalog = BenchSystem.catalogResources(options.runId, 'platform');
    this.platform = new Platform({
      ports: { from: options.firstPort ?? 30_000 },
      write: () => {},
      color: false,
      graceMs: 30_000,
      env: {
        ...options.env,
        ...catalogResourcesEnv(this.catalog),
        ORDERS_TOPIC: options.orders.topic,
        ORDER_STATUS_TOPIC: statusTopicOf(options.orders.topic),
        ORDERS_DB: options.orders.database,
      },
    });
  }

  static catalogResources(runId: string, purpose: string): CatalogResources {
    return catalogResources(`bench-${purpose}-${runId}`);
  }

  get gatewayUrl(): string {
    return this.platform.gatewayUrl;
  }

  /** The order-service instances running, oldest first. */
  get instances(): number {
    return this.platform.runningOrders().length;
  }

  /** Ports of the running order-service instances (nginx's upstream in the ceiling scenario). */
  instancePorts(): number[] {
    return this.platform.runningOrders().map((instance) => instance.port);
  }

  instanceUrl(index: number): string {
    return urlOf(this.platform.runningOrders()[index]!.port);
  }

  /** Topic (3 partitions, as the real one) and an empty database for a catalog-service of ours. */
  async createCatalogResources(resources: CatalogResources): Promise<void> {
    await createCatalogResources(this.options.infra, resources);
    this.created.push(resources);
  }

  async start(instances: number): Promise<void> {
    await this.createCatalogResources(this.catalog);
    await this.platform.start(instances);
  }

  /**
   * A catalog-service of the consumer scenario, beside the platform's, on resources of its own:
   * `wait: 'ready'` until it can take work, `'none'` to time it from its start.
   */
  async startConsumer(resources: CatalogResources, name: string, wait: 'ready' | 'none'): Promise<LaunchedProcess> {
    const port = await findFreePort(this.platform.ports.catalog + 100, { host: HOST });
    return this.platform.startCatalog({ port, name, env: catalogResourcesEnv(resources), wait });
  }

  /** Starts order-service instances until `count` run, each registered with the gateway. */
  async scaleTo(count: number): Promise<void> {
    const starting: Array<Promise<unknown>> = [];
    for (let running = this.instances; running < count; running++) starting.push(this.platform.startOrder());
    await Promise.all(starting);
  }

  /** Stops the last instances until `count` run (each deregisters from the gateway first). */
  async scaleDownTo(count: number): Promise<void> {
    const leaving = this.platform.runningOrders().slice(count);
    await Promise.all(leaving.map((instance) => instance.process.stop()));
  }

  /** The processes to measure, by the names the report uses. */
  processes(): Array<{ name: string; pid: number }> {
    const label = (name: string) =>
      name.startsWith('order-')
        ? `order-service ${name.slice(6)}`
        : name.startsWith('catalog-')
          ? 'catalog-service'
          : name;
    return this.platform.running().map((child) => ({ name: label(child.name), pid: child.pid }));
  }

  async stop(): Promise<void> {
    await this.platform.stop();
  }

  async dropCatalogResources(): Promise<void> {
    for (const resources of this.created.splice(0))
      await dropCatalogResources(this.options.infra, resources).catch(() => undefined);
  }
}
