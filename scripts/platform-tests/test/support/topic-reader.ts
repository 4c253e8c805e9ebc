import type { Kafka } from 'kafkajs';
import { uniqueId, waitUntil } from '@order-platform/test-kit';

export interface TopicRecord {
  partition: number;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the given offsets up to the given end offsets, read_committed (as the sink
 * and catalog-service read), so a test sees exactly what was committed while it ran, however long
 * the shared topic is. Values are handed over as text.
 */
export async function readRange(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  to: Map<number, string>,
  timeoutMs: number,
): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueId('fuzz-reader'), maxWaitTimeInMs: 200, readUncommitted: false });
  const records: TopicRecord[] = [];
  const reached = new Map<number, bigint>([...from].map(([partition, offset]) => [partition, BigInt(offset)]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    // Emitted for every fetched batch, also one holding only a transaction marker (which eachBatch never sees).
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic) reached.set(payload.partition, BigInt(payload.lastOffset) + 1n);
    });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const end = BigInt(to.get(batch.partition) ?? '0');
        for (const message of batch.messages) {
          if (BigInt(message.offset) < end) {
            const headers = Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            );
            records.push({
              partition: batch.partition,
              key: message.key?.toString(),
              value: message.value?.toString(),
              headers,
            });
          }
        }
      },
    });
    for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
    await waitUntil(
      `${topic} read to the end offsets`,
      () =>
        [...to].every(
          ([partition, end]) =>
            BigInt(end) === BigInt(from.get(partition) ?? '0') || (reached.get(partition) ?? 0n) >= BigInt(end),
        ),
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    await consumer.disconnect();
  }
  return records;
}
