import fs from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import {
  applyConnector,
  connectDatabase,
  createDatabase,
  infraPaths,
  resolvePlaceholders,
  type InfraConfig,
} from '@order-platform/infra';
import { ConnectClient, waitForConnectorState } from '@order-platform/infra';
import type { Database } from './database.js';

const SINK_FILE = 'my-order-sink-connect.json';

/**
 * Where the benchmark's catalog-services publish the orders' outcomes: a topic of the run's own that
 * no sink reads (the benchmark measures no status), so no bench order reaches the shared order_status.
 */
export const statusTopicOf = (ordersTopic: string) => `${ordersTopic}-status`;

/**
 * The orders path of the platform, the benchmark's own copy: a topic, a database holding a table
 * (and triggers) exactly like mydb.orders, and the sink connector from the same file, registered
 * under another name on the shared Connect worker. Hundreds of thousands of benchmark orders would
 * otherwise stay in the shared `orders` topic (every test reading it from the start would scan
 * them) and in mydb.orders. Everything is dropped at the end.
 */
export class OrdersPipeline {
  readonly topic: string;
  readonly dlq: string;
  readonly database: string;
  readonly connector: string;
  private readonly connect: ConnectClient;
  private created = { topics: false, database: false, connector: false };

  constructor(
    private readonly infra: InfraConfig,
    runId: string,
    private readonly kafka: Kafka,
    private readonly server: Database,
  ) {
    this.topic = `bench-orders-${runId}`;
    this.dlq = `${this.topic}.dlq`;
    this.database = `bench_orders_${runId}`;
    this.connector = `bench-sink-${runId}`;
    this.connect = new ConnectClient(infra.CONNECT_URL, 10_000);
  }

  async create(): Promise<void> {
    const source = this.infra.ORDERS_DB;
    await createDatabase(this.server, this.database);
    this.created.database = true;
    await this.server.raw('CREATE TABLE ??.orders LIKE ??.orders', [this.database, source]);
    // A GET joins each order with its status (docs/design.md §6): the table exists, empty (all PENDING).
    await this.server.raw('CREATE TABLE ??.order_status LIKE ??.order_status', [this.database, source]);
    const [triggers] = (await this.server.raw('SHOW TRIGGERS FROM ??', [source])) as [
      Array<{ Trigger: string; Table: string }>,
    ];
    // The trigger statements name the table unqualified: run them with the copy's database selected.
    const copy = connectDatabase(this.infra, this.database);
    try {
      for (const trigger of triggers.filter((row) => row.Table === 'orders')) {
        const [[definition]] = (await this.server.raw('SHOW CREATE TRIGGER ??.??', [source, trigger.Trigger])) as [
          [Record<string, string>],
        ];
        await copy.raw(definition['SQL Original Statement']!);
      }
    } finally {
      await copy.destroy();
    }

    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: this.topic, numPartitions: this.infra.TOPIC_PARTITIONS },
          { topic: this.dlq, numPartitions: 1 },
          { topic: statusTopicOf(this.topic), numPartitions: this.infra.TOPIC_PARTITIONS },
        ],
      });
      this.created.topics = true;
    } finally {
      await admin.disconnect();
    }

    const file = path.join(infraPaths(this.infra).connectors, SINK_FILE);
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { config: Record<string, string> };
    const values = {
      ...this.infra,
      ORDERS_TOPIC: this.topic,
      ORDERS_DLQ_TOPIC: this.dlq,
      ORDERS_DB: this.database,
      ORDERS_SINK_CONNECTOR: this.connector,
    };
    await applyConnector(this.connect, {
      name: this.connector,
      config: resolvePlaceholders(raw.config, values, SINK_FILE),
    });
    this.created.connector = true;
    await waitForConnectorState(this.connect, this.connector, 'RUNNING', { timeoutMs: 60_000 });
  }

  async drop(): Promise<void> {
    if (this.created.connector) await this.connect.remove(this.connector).catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (this.created.topics)
        await admin.deleteTopics({ topics: [this.topic, this.dlq, statusTopicOf(this.topic)] }).catch(() => undefined);
      if (this.created.connector) await admin.deleteGroups([`connect-${this.connector}`]).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
    if (this.created.database)
      await this.server.raw('DROP DATABASE IF EXISTS ??', [this.database]).catch(() => undefined);
  }
}
