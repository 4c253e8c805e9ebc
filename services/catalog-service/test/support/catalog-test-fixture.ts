import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { createKafka } from '@order-platform/service-kit';
import { readRawTopic, uniqueId, waitUntil, type TopicReader } from '@order-platform/test-kit';
import { startCatalogService, type RunningCatalogService } from '../../src/composition-root.js';
import type { CatalogConfig } from '../../src/config.js';
import type { StockOrder } from '../../src/domain/stock-order.js';
import { CatalogTestDb, config, silentLogger } from './catalog-test-db.js';
import { committedOffsets, endOffsets, waitForCaughtUp } from './consumer-offsets.js';
import { killLeftoverProcesses, startServiceProcess, type ServiceProcess } from './service-process.js';

export { config, silentLogger, type LedgerRow } from './catalog-test-db.js';

export interface CatalogFixtureOptions {
  /** The topic the services read: a new one with its dead-letter topic (default), or the test run's. */
  topic?: 'own' | 'run';
  /** The catalog database: the test run's (default), or a new one, made by createDatabase and dropped after. */
  database?: 'run' | 'own';
  /** Bring the database to the latest migration before the tests (default true). */
  migrate?: boolean;
}

/**
 * The one set-up of catalog-service's integration tests: Kafka clients, a topic, dead-letter topic and
 * consumer group of the test file's own, the catalog database, the products the file inserts, and the
 * services it starts, in process (`startService`, as main.ts does) or as processes (`startProcess`).
 * Everything it made is stopped, deleted or dropped after the file's tests.
 */
export class CatalogFixture extends CatalogTestDb {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly groupId: string;
  topic = config.CATALOG_TOPIC;
  dlqTopic = config.CATALOG_DLQ_TOPIC;
  /** Services, processes and readers to stop after the tests, last-made first. */
  private readonly stops: Array<() => Promise<unknown>> = [];
  private readonly groups: string[] = [];
  private readonly topics: string[] = [];

  constructor(
    readonly name: string,
    private readonly options: CatalogFixtureOptions = {},
  ) {
    super(options);
    this.kafka = createKafka({ clientId: name, brokers: config.KAFKA_BROKERS, logger: silentLogger });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    this.groupId = this.newGroup(`${name}-group`);
  }

  async setUp(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
    await this.setUpDatabase();
    if ((this.options.topic ?? 'own') === 'own')
      [this.topic, this.dlqTopic] = (await this.newTopics([this.name, `${this.name}-dlq`])) as [string, string];
  }

  async tearDown(): Promise<void> {
    const run = async (steps: Array<() => Promise<unknown>>) => {
      for (const step of steps.splice(0).reverse()) await step().catch(() => undefined);
    };
    await run(this.stops);
    await killLeftoverProcesses();
    await this.deleteProducts();
    await this.admin.deleteGroups(this.groups).catch(() => undefined);
    await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    await Promise.all([this.admin.disconnect(), this.producer.disconnect()]);
    await run(this.closes);
  }

  /** Runs `stop` after the file's tests, before products, groups, topics and databases go. */
  onTearDown(stop: () => Promise<unknown>): void {
    this.stops.push(stop);
  }

  /** A new topic like example-catalog-topic (3 partitions unless told), deleted after the tests. */
  async newTopic(prefix: string, numPartitions = 3): Promise<string> {
    const [topic] = await this.newTopics([prefix], numPartitions);
    return topic!;
  }

  /**
   * New topics in one request, deleted after the tests. Their leaders are awaited by polling the
   * metadata: kafkajs' waitForLeaders gives up when a busy broker does not know a new topic yet.
   */
  async newTopics(prefixes: string[], numPartitions = 3): Promise<string[]> {
    const topics = prefixes.map((prefix) => uniqueId(prefix));
    this.topics.push(...topics);
    await this.admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
    const led = async () => {
      const metadata = await this.admin.fetchTopicMetadata({ topics });
      return metadata.topics.every(
        ({ partitions }) => partitions.length === numPartitions && partitions.every((p) => p.leader >= 0),
      );
    };
    await waitUntil(`leaders of ${topics.join(', ')}`, led, { timeoutMs: 30_000, intervalMs: 100 });
    return topics;
  }

  /** A consumer group name, deleted after the tests. */
  newGroup(prefix: string): string {
    const groupId = uniqueId(prefix);
    this.groups.push(groupId);
    return groupId;
  }

  /** The service's configuration on this fixture's topics, group and database. */
  serviceConfig(overrides: Partial<CatalogConfig> = {}): CatalogConfig {
    return {
      ...config,
      ...{ CATALOG_TOPIC: this.topic, CATALOG_DLQ_TOPIC: this.dlqTopic, CATALOG_GROUP_ID: this.groupId },
      ...{ CATALOG_DB: this.database, CATALOG_PORT: 0, REGISTRY_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent' },
      ...overrides,
    };
  }

  /** catalog-service in this process, wired as main.ts wires it; stopped after the tests. */
  async startService(overrides: Partial<CatalogConfig> = {}): Promise<RunningCatalogService> {
    const service = await startCatalogService(this.serviceConfig(overrides), silentLogger);
    this.onTearDown(() => service.stop());
    return service;
  }

  /** catalog-service as a process (`env` over the fixture's); SIGTERM, then SIGKILL after the tests. */
  async startProcess(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const { topic, dlqTopic, groupId, database } = this;
    const own = { CATALOG_TOPIC: topic, CATALOG_DLQ_TOPIC: dlqTopic, CATALOG_GROUP_ID: groupId, CATALOG_DB: database };
    const service = await startServiceProcess({ ...own, ...env });
    this.onTearDown(async () => {
      if (service.isRunning()) service.signal('SIGTERM');
      await Promise.race([service.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    });
    return service;
  }

  /** Reads a topic (the dead-letter topic unless told) from the beginning; stopped after the tests. */
  async readTopic(topic = this.dlqTopic): Promise<TopicReader> {
    const reader = await readRawTopic(this.kafka, topic, { groupId: this.newGroup(`${this.name}-reader`) });
    this.onTearDown(() => reader.stop());
    return reader;
  }

  /** Sends orders as order-service does: key productId, plain JSON value, x-request-id header. */
  async publish(orders: StockOrder[], topic = this.topic): Promise<void> {
    for (let start = 0; start < orders.length; start += 250) {
      const messages = orders.slice(start, start + 250).map((order) => ({
        key: order.productId,
        value: JSON.stringify(order),
        headers: { 'x-request-id': `req-${order.orderId}` },
      }));
      await this.producer.send({ topic, acks: -1, messages });
    }
  }

  /** The group's committed offset on every partition has reached the end of the partition. */
  caughtUp(timeoutMs = 30_000, topic = this.topic, groupId = this.groupId): Promise<void> {
    return waitForCaughtUp(this.admin, topic, groupId, timeoutMs);
  }

  committedOffsets(topic = this.topic, groupId = this.groupId): Promise<Map<number, number>> {
    return committedOffsets(this.admin, topic, groupId);
  }

  endOffsets(topic = this.topic): Promise<Array<{ partition: number; end: number }>> {
    return endOffsets(this.admin, topic);
  }
}

/** Registers the fixture's set-up and tear-down around the file's tests. */
export function useCatalogFixture(name: string, options: CatalogFixtureOptions = {}): CatalogFixture {
  const fixture = new CatalogFixture(name, options);
  beforeAll(() => fixture.setUp());
  afterAll(() => fixture.tearDown());
  return fixture;
}
