import type { Kafka } from 'kafkajs';
import type { Database as Knex } from './database.js';
import { Launcher, type LaunchedProcess } from '../launcher.js';
import { entries, HOST, repoRoot } from '../platform.js';
import { findFreePort } from '../ports.js';
import { waitForUrl } from '../readiness.js';

export interface BenchSystemOptions {
  runId: string;
  kafka: Kafka;
  /** A connection to the database server (no default database). */
  server: Knex;
  /** Extra environment for every service (e.g. the profiler). */
  env?: Record<string, string | undefined>;
  /** Where the order-service instances publish and read orders (the benchmark's own pipeline). */
  orders: { topic: string; database: string };
  firstPort?: number;
}

export interface CatalogResources {
  topic: string;
  dlq: string;
  database: string;
  groupId: string;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * The platform under test, as `pnpm start` runs it (the same launcher, entry points and
 * environment), on ports of the benchmark's own, so a platform already running on the default
 * ports is not disturbed. catalog-service gets a topic, consumer group and database of this run's
 * own (the instances publish their catalog messages there), and the orders go to the run's own
 * copy of the orders pipeline (OrdersPipeline: topic, table, sink connector): nothing shared is
 * written, and nothing is left behind.
 */
export class BenchSystem {
  readonly launcher = new Launcher({ write: () => {}, color: false, graceMs: 30_000 });
  readonly catalog: CatalogResources;
  gateway: LaunchedProcess | undefined;
  catalogProcess: LaunchedProcess | undefined;
  readonly instances: Array<{ port: number; process: LaunchedProcess }> = [];
  private ports: { gateway: number; registry: number; catalog: number } | undefined;
  private readonly created: CatalogResources[] = [];

  constructor(private readonly options: BenchSystemOptions) {
    this.catalog = BenchSystem.catalogResources(options.runId, 'platform');
  }

  static catalogResources(runId: string, purpose: string): CatalogResources {
    const topic = `bench-${purpose}-${runId}`;
    return {
      topic,
      dlq: `${topic}.dlq`,
      database: `catalogdb_bench_${purpose}_${runId}`.replace(/-/g, '_'),
      groupId: `bench-${purpose}-${runId}`,
    };
  }

  get gatewayUrl(): string {
    return `http://${HOST}:${this.ports!.gateway}`;
  }

  get registryUrl(): string {
    return `http://${HOST}:${this.ports!.registry}`;
  }

  get catalogPort(): number {
    return this.ports!.catalog;
  }

  /** Topic (3 partitions, as the real one) and an empty database for a catalog-service of ours. */
  async createCatalogResources(resources: CatalogResources): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: resources.topic, numPartitions: 3 },
          { topic: resources.dlq, numPartitions: 1 },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    await this.options.server.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [
      resources.database,
    ]);
    this.created.push(resources);
  }

  async start(instances: number): Promise<void> {
    const gateway = await findFreePort(this.options.firstPort ?? 39_000, { host: HOST });
    const registry = await findFreePort(gateway + 1, { host: HOST });
    const catalog = await findFreePort(registry + 1, { host: HOST });
    this.ports = { gateway, registry, catalog };
    await this.createCatalogResources(this.catalog);

    this.gateway = this.launcher.start({
      name: 'gateway',
      entry: entries.gateway,
      cwd: repoRoot,
      env: { ...this.options.env, PORT: String(gateway), HOST, REGISTRY_PORT: String(registry) },
    });
    await waitForUrl(`${this.registryUrl}/registry`, { timeoutMs: READY_TIMEOUT_MS, process: this.gateway });
    this.catalogProcess = this.startCatalog(this.catalog, catalog);
    await Promise.all([this.scaleTo(instances), this.waitRegistered('catalog-service', catalog, this.catalogProcess)]);
  }

  startCatalog(resources: CatalogResources, port: number, name = `catalog-${port}`): LaunchedProcess {
    return this.launcher.start({
      name,
      entry: entries.catalog,
      cwd: repoRoot,
      env: {
        ...this.options.env,
        ...this.serviceEnv(),
        PORT: String(port),
        CATALOG_TOPIC: resources.topic,
        CATALOG_DLQ_TOPIC: resources.dlq,
        CATALOG_GROUP_ID: resources.groupId,
        CATALOG_DB: resources.database,
      },
    });
  }

  /** Starts order-service instances until `count` run, each registered with the gateway. */
  async scaleTo(count: number): Promise<void> {
    const starting: Array<Promise<void>> = [];
    while (this.instances.length < count) {
      const previous = this.instances.at(-1)?.port ?? this.ports!.catalog;
      const port = await findFreePort(previous + 1, { host: HOST });
      const child = this.launcher.start({
        name: `order-${port}`,
        entry: entries.order,
        cwd: repoRoot,
        env: {
          ...this.options.env,
          ...this.serviceEnv(),
          PORT: String(port),
          CATALOG_TOPIC: this.catalog.topic,
          ORDERS_TOPIC: this.options.orders.topic,
          ORDERS_DB: this.options.orders.database,
        },
      });
      this.instances.push({ port, process: child });
      starting.push(this.waitRegistered('order-service', port, child));
    }
    await Promise.all(starting);
  }

  /** Stops the last instances until `count` run (each deregisters from the gateway first). */
  async scaleDownTo(count: number): Promise<void> {
    const leaving = this.instances.splice(count);
    await Promise.all(leaving.map((instance) => instance.process.stop()));
  }

  instanceUrl(index: number): string {
    return `http://${HOST}:${this.instances[index]!.port}`;
  }

  processes(): Array<{ name: string; pid: number }> {
    const label = (name: string) =>
      name.startsWith('order-')
        ? `order-service ${name.slice(6)}`
        : name.startsWith('catalog-')
          ? 'catalog-service'
          : name;
    return this.launcher.running().map((child) => ({ name: label(child.name), pid: child.pid }));
  }

  /** Services first (they deregister while the gateway answers), then the gateway. */
  async stop(): Promise<void> {
    const services = this.launcher.running().filter((child) => child !== this.gateway);
    await Promise.all(services.map((child) => child.stop()));
    await this.gateway?.stop();
  }

  async dropCatalogResources(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    for (const resources of this.created.splice(0)) {
      await admin.deleteTopics({ topics: [resources.topic, resources.dlq] }).catch(() => undefined);
      await this.options.server.raw('DROP DATABASE IF EXISTS ??', [resources.database]).catch(() => undefined);
    }
    await admin.disconnect();
  }

  private serviceEnv(): Record<string, string | undefined> {
    return { HOST, REGISTRY_URL: this.registryUrl, INSTANCE_ID: undefined };
  }

  /** Its own readiness: Kafka and the database answer (catalog-service: the consumer runs). */
  waitReady(service: 'order-service' | 'catalog-service', port: number, child: LaunchedProcess): Promise<void> {
    return waitForUrl(`http://${HOST}:${port}/${service}/ready`, {
      timeoutMs: READY_TIMEOUT_MS,
      process: child,
      intervalMs: 200,
    });
  }

  /** Ready, and listed as up by the gateway's registry (so the gateway routes to it). */
  async waitRegistered(
    service: 'order-service' | 'catalog-service',
    port: number,
    child: LaunchedProcess,
  ): Promise<void> {
    await this.waitReady(service, port, child);
    await waitForUrl(`${this.registryUrl}/registry`, {
      timeoutMs: READY_TIMEOUT_MS,
      process: child,
      intervalMs: 100,
      accept: (status, body) =>
        status === 200 &&
        (
          (JSON.parse(body) as { services: Record<string, Array<{ url: string; status: string }>> }).services[
            service
          ] ?? []
        ).some((instance) => instance.url === `http://${HOST}:${port}` && instance.status === 'up'),
    });
  }
}
