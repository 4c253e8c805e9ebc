import { connectDatabase, createDatabase, silentProgress, waitFor, type InfraConfig } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';

/**
 * A catalog-service of a platform under test gets a topic, dead-letter topic, consumer group and
 * database of its own: it starts from the seed's stock, and no other test or platform sees its
 * messages.
 */
export interface CatalogResources {
  topic: string;
  dlq: string;
  database: string;
  groupId: string;
}

/** The names, from one prefix of lowercase letters, digits and dashes (the database gets underscores). */
export function catalogResources(name: string): CatalogResources {
  return {
    topic: name,
    dlq: `${name}.dlq`,
    database: `catalogdb_${name}`.replace(/-/g, '_'),
    groupId: `${name}-group`,
  };
}

/** The environment that points catalog-service (and the order instances' catalog messages) at them. */
export function catalogResourcesEnv(resources: CatalogResources): Record<string, string> {
  return {
    CATALOG_TOPIC: resources.topic,
    CATALOG_DLQ_TOPIC: resources.dlq,
    CATALOG_GROUP_ID: resources.groupId,
    CATALOG_DB: resources.database,
  };
}

function adminOf(infra: InfraConfig) {
  const kafka = createKafka({
    clientId: 'platform-harness',
    brokers: infra.KAFKA_BROKERS,
    logger: createLogger('platform-harness', 'error'),
  });
  return kafka.admin();
}

/**
 * The topic (3 partitions, as the platform's own) with its dead-letter topic, and an empty
 * database. Leaders are awaited here, not by kafkajs' `waitForLeaders`, which gives up when the
 * broker's metadata does not list a topic it has just created yet.
 */
export async function createCatalogResources(infra: InfraConfig, resources: CatalogResources): Promise<void> {
  const admin = adminOf(infra);
  const topics = [resources.topic, resources.dlq];
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        { topic: resources.topic, numPartitions: 3 },
        { topic: resources.dlq, numPartitions: 1 },
      ],
    });
    const led = async () => {
      const metadata = await admin.fetchTopicMetadata({ topics }).catch(() => undefined);
      const ready = metadata?.topics.every((topic) => topic.partitions.every((partition) => partition.leader >= 0));
      return ready ? true : undefined;
    };
    await waitFor(`leaders of ${topics.join(', ')}`, led, {
      timeoutMs: 30_000,
      intervalMs: 100,
      progress: silentProgress,
    });
  } finally {
    await admin.disconnect();
  }
  const server = connectDatabase(infra);
  try {
    await createDatabase(server, resources.database);
  } finally {
    await server.destroy();
  }
}

/** Removes both topics, the consumer group and the database; what is already gone is skipped. */
export async function dropCatalogResources(infra: InfraConfig, resources: CatalogResources): Promise<void> {
  const admin = adminOf(infra);
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [resources.topic, resources.dlq] }).catch(() => undefined);
    await admin.deleteGroups([resources.groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const server = connectDatabase(infra);
  try {
    await server.raw('DROP DATABASE IF EXISTS ??', [resources.database]);
  } finally {
    await server.destroy();
  }
}
