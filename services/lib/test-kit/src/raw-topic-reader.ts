import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** A message as it was produced: key and value as bytes, headers as text. */
export interface RawMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface TopicReader {
  /** Every message read so far, in the order read. */
  messages: RawMessage[];
  stop(): Promise<void>;
}

const raw = (partition: number, { offset, key, value, headers = {} }: KafkaMessage): RawMessage => ({
  partition,
  offset,
  key,
  value,
  headers: Object.fromEntries(
    Object.entries(headers).flatMap(([name, v]) => (v === undefined ? [] : [[name, String(v)]])),
  ),
});

/** Where each partition of a topic ends now: what a test produces next starts there. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, string>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => [partition, offset]));
}

/**
 * Reads a topic in the consumer group given, keeping keys and values as bytes (a dead letter must be
 * the original byte for byte): from the beginning, or from the offsets `from` (endOffsets() taken
 * before the test produced) so that a test sees only what arrived after it started, however long a
 * shared topic has grown. Short fetch waits, so that stop() does not wait out a 5 s long-poll.
 */
export async function readRawTopic(
  kafka: Kafka,
  topic: string,
  options: { groupId: string; from?: Map<number, string> },
): Promise<TopicReader> {
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: options.from === undefined });
  const messages: RawMessage[] = [];
  await consumer.run({ eachMessage: async ({ partition, message }) => void messages.push(raw(partition, message)) });
  for (const [partition, offset] of options.from ?? []) consumer.seek({ topic, partition, offset });
  return { messages, stop: () => consumer.disconnect() };
}
