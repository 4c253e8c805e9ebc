import type { TopicView } from './snapshot.js';

export interface TopicOffsets {
  name: string;
  /** The end offset (high watermark) of each partition; undefined when the topic does not exist. */
  partitions?: Array<{ partition: number; end: number }>;
}

export interface GroupOffsets {
  groupId: string;
  /** Committed offsets; -1 where the group committed nothing. */
  offsets: Array<{ topic: string; partition: number; offset: number }>;
}

/**
 * Each topic's partitions with every group's lag there: end offset minus committed offset. A group
 * that reads a topic lists it; a group without a commit on a partition lags `null` (nothing to say).
 * A transaction's commit marker takes an offset no consumer commits past (docs/design.md, §9): a
 * caught-up sink lags 1 on a partition whose last write was a transaction.
 */
export function topicViews(topics: readonly TopicOffsets[], groups: readonly GroupOffsets[]): TopicView[] {
  return topics.map((topic) => {
    if (!topic.partitions) return { name: topic.name };
    const readers = groups.filter((group) => group.offsets.some((offset) => offset.topic === topic.name));
    const partitions = [...topic.partitions]
      .sort((a, b) => a.partition - b.partition)
      .map(({ partition, end }) => ({
        partition,
        endOffset: end,
        lags: readers.map((group) => {
          const committed =
            group.offsets.find((offset) => offset.topic === topic.name && offset.partition === partition)?.offset ?? -1;
          return committed < 0
            ? { groupId: group.groupId, committed: null, lag: null }
            : { groupId: group.groupId, committed, lag: Math.max(0, end - committed) };
        }),
      }));
    return { name: topic.name, partitions };
  });
}
