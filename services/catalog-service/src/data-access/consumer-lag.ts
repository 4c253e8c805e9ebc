import type { Admin } from 'kafkajs';

export interface PartitionLag {
  partition: number;
  /** Next offset the group will read; null when the group has committed nothing on it yet. */
  committedOffset: number | null;
  /** Last stable offset (read_committed end of the partition). */
  endOffset: number;
  lag: number;
}

/** Lag of a consumer group as the broker sees it: end offset minus committed offset, per partition. */
export async function fetchConsumerLag(admin: Admin, groupId: string, topic: string): Promise<PartitionLag[]> {
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [topic] }),
    admin.fetchTopicOffsets(topic),
  ]);
  const committedByPartition = new Map(
    (committed[0]?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]),
  );
  return ends
    .map((end) => {
      const endOffset = Number(end.offset);
      const raw = committedByPartition.get(end.partition);
      const committedOffset = raw === undefined || raw < 0 ? null : raw;
      return {
        partition: end.partition,
        committedOffset,
        endOffset,
        lag: Math.max(0, endOffset - (committedOffset ?? Number(end.low))),
      };
    })
    .sort((a, b) => a.partition - b.partition);
}
