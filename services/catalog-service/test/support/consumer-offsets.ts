import type { Admin } from 'kafkajs';
import { waitUntil } from '@order-platform/test-kit';

/** The group's committed offset per partition of the topic (partitions it never committed are missing). */
export async function committedOffsets(admin: Admin, topic: string, groupId: string): Promise<Map<number, number>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((committed?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]));
}

/** The end of each partition of the topic: the offset its next record will get. */
export async function endOffsets(admin: Admin, topic: string): Promise<Array<{ partition: number; end: number }>> {
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.map(({ partition, offset }) => ({ partition, end: Number(offset) }));
}

/** Waits until the group's committed offset on every partition has reached the end of the partition. */
export async function waitForCaughtUp(admin: Admin, topic: string, groupId: string, timeoutMs: number): Promise<void> {
  await waitUntil(
    `consumer group ${groupId} to commit everything on ${topic}`,
    async () => {
      const [committed, ends] = await Promise.all([committedOffsets(admin, topic, groupId), endOffsets(admin, topic)]);
      return ends.every(({ partition, end }) => end === 0 || (committed.get(partition) ?? -1) >= end);
    },
    { timeoutMs, intervalMs: 100 },
  );
}
