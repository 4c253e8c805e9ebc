import type { Admin } from 'kafkajs';
import { createKafka, createLogger } from '@order-platform/service-kit';
import type { InfraConfig } from './infra-config.js';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** The topics of docs/design.md, §5. Keys spread orders over partitions; DLQs need no order. */
export function topicSpecs(config: InfraConfig): TopicSpec[] {
  return [
    { topic: config.ORDERS_TOPIC, numPartitions: config.TOPIC_PARTITIONS },
    { topic: config.CATALOG_TOPIC, numPartitions: config.TOPIC_PARTITIONS },
    { topic: config.ORDER_STATUS_TOPIC, numPartitions: config.TOPIC_PARTITIONS },
    { topic: config.ORDERS_DLQ_TOPIC, numPartitions: 1 },
    { topic: config.CATALOG_DLQ_TOPIC, numPartitions: 1 },
  ];
}

/** Creates the missing topics; returns one line per topic for the summary. */
export async function ensureTopics(
  config: InfraConfig,
  specs: TopicSpec[] = topicSpecs(config),
): Promise<{ created: string[]; lines: string[] }> {
  return withAdmin(config, 'infra-topics', async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: config.TOPIC_REPLICATION_FACTOR,
          configEntries: [{ name: 'min.insync.replicas', value: String(Math.min(2, config.TOPIC_REPLICATION_FACTOR)) }],
        })),
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
    const lines = [...metadata.topics]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((topic) => `${topic.name}: ${topic.partitions.length} partition(s)`);
    return { created: missing.map((spec) => spec.topic), lines };
  });
}

/** Runs `work` with a connected Kafka admin client of its own, disconnected afterwards. */
export async function withAdmin<T>(config: InfraConfig, clientId: string, work: (admin: Admin) => Promise<T>) {
  const kafka = createKafka({ clientId, brokers: config.KAFKA_BROKERS, logger: createLogger('infra', 'silent') });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
