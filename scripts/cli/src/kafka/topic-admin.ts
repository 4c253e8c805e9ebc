import kafkajs, { type Admin } from 'kafkajs';
import { CliError } from '@order-platform/command-kit';
import { requireTopic } from './kafka-connection.js';

export interface TopicDescription {
  topic: string;
  partitionCount: number;
  replicationFactor: number;
  /** Settings given to this topic (not broker defaults), as `kafka-topics.sh --describe` shows them. */
  configs: Record<string, string>;
  partitions: Array<{ partition: number; leader: number; replicas: number[]; isr: number[] }>;
}

export interface CreateRequest {
  topic: string;
  partitions: number;
  /** Absent: the broker's default.replication.factor, like kafka-topics.sh. */
  replicationFactor?: number;
  configs: Record<string, string>;
  ifNotExists: boolean;
}

// kafkajs is CommonJS: its enums are reachable through the default export only.
const { ConfigResourceTypes } = kafkajs;
// kafkajs has no name for this ConfigSource value; it is the topic's own setting.
const TOPIC_CONFIG_SOURCE = 1;

export async function createTopic(admin: Admin, request: CreateRequest): Promise<'created' | 'exists'> {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic: request.topic,
        numPartitions: request.partitions,
        replicationFactor: request.replicationFactor ?? -1,
        configEntries: Object.entries(request.configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  if (created) return 'created';
  if (request.ifNotExists) return 'exists';
  throw new CliError(
    `topic ${JSON.stringify(request.topic)} already exists`,
    'Use --if-not-exists to accept an existing topic; --describe shows it.',
  );
}

export async function listTopics(admin: Admin): Promise<string[]> {
  return (await admin.listTopics()).sort();
}

/** One topic, or every topic when none is named. */
export async function describeTopics(admin: Admin, topic?: string): Promise<TopicDescription[]> {
  if (topic) await requireTopic(admin, topic);
  const names = topic ? [topic] : await listTopics(admin);
  if (names.length === 0) return [];
  const metadata = await admin.fetchTopicMetadata({ topics: names });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const overrides = new Map(
    configs.resources.map((resource) => [
      resource.resourceName,
      Object.fromEntries(
        resource.configEntries
          .filter((entry) => (entry as { configSource?: number }).configSource === TOPIC_CONFIG_SOURCE)
          .map((entry) => [entry.configName, entry.configValue]),
      ),
    ]),
  );
  return metadata.topics
    .map((item) => {
      const partitions = [...item.partitions]
        .sort((a, b) => a.partitionId - b.partitionId)
        .map((partition) => ({
          partition: partition.partitionId,
          leader: partition.leader,
          replicas: partition.replicas,
          isr: partition.isr,
        }));
      return {
        topic: item.name,
        partitionCount: partitions.length,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        configs: overrides.get(item.name) ?? {},
        partitions,
      };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic));
}

export async function deleteTopic(admin: Admin, topic: string): Promise<void> {
  await requireTopic(admin, topic);
  await admin.deleteTopics({ topics: [topic] });
}
