import type { Admin, Kafka } from 'kafkajs';
import { uniqueId } from '@order-platform/test-kit';

export interface RawRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Where each partition of a topic ends now: what a test produces next starts there. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, string>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => [partition, offset]));
}

/**
 * Reads a shared topic (orders.dlq) from the given offsets on, bytes as they are, so a test only
 * sees what arrived after it started, however long the topic has grown.
 */
export async function tailTopic(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
): Promise<{ records: RawRecord[]; stop: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId: uniqueId('fuzz-tail'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const records: RawRecord[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {}))
        if (value !== undefined) headers[name] = String(value);
      records.push({ partition, offset: message.offset, key: message.key, value: message.value, headers });
    },
  });
  for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
  return { records, stop: () => consumer.disconnect() };
}
