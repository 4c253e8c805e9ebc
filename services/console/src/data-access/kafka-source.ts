import type { Admin, Kafka } from 'kafkajs';
import { topicViews, type GroupOffsets, type TopicOffsets } from '../domain/kafka-lag.js';
import type { KafkaView } from '../domain/snapshot.js';

export interface KafkaNames {
  /** The platform's topics, in the order shown. */
  topics: string[];
  /** Each consumer group of the platform and the topic it reads. */
  groups: Array<{ groupId: string; topic: string }>;
}

/**
 * The broker(s), the platform's topics with their end offsets, and each consumer group's committed
 * offsets, through one admin client connected on first use (and again after a failure).
 */
export function createKafkaSource(kafka: Kafka, names: KafkaNames) {
  let admin: Promise<Admin> | undefined;
  const connected = () =>
    (admin ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      return client;
    })());

  const read = async (client: Admin): Promise<KafkaView> => {
    const [cluster, existing] = await Promise.all([client.describeCluster(), client.listTopics()]);
    const present = new Set(existing);
    const topics: TopicOffsets[] = await Promise.all(
      names.topics.map(async (name) =>
        present.has(name)
          ? {
              name,
              partitions: (await client.fetchTopicOffsets(name)).map((entry) => ({
                partition: entry.partition,
                end: Number(entry.high),
              })),
            }
          : { name },
      ),
    );
    const groups: GroupOffsets[] = await Promise.all(
      names.groups
        .filter((group) => present.has(group.topic))
        .map(async ({ groupId, topic }) => ({
          groupId,
          offsets: (await client.fetchOffsets({ groupId, topics: [topic] })).flatMap((entry) =>
            entry.partitions.map((partition) => ({
              topic: entry.topic,
              partition: partition.partition,
              offset: Number(partition.offset),
            })),
          ),
        })),
    );
    return {
      brokers: cluster.brokers
        .map((broker) => ({ ...broker, controller: broker.nodeId === cluster.controller }))
        .sort((a, b) => a.nodeId - b.nodeId),
      topics: topicViews(topics, groups),
    };
  };

  return {
    async kafka(): Promise<KafkaView> {
      try {
        return await read(await connected());
      } catch (error) {
        const stale = admin;
        admin = undefined;
        void stale?.then((client) => client.disconnect()).catch(() => undefined);
        throw error;
      }
    },
    async close(): Promise<void> {
      const client = await admin?.catch(() => undefined);
      await client?.disconnect();
    },
  };
}
