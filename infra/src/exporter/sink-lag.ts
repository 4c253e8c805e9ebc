/** Where a sink's partition ends, as `admin.fetchTopicOffsets` reports it (offsets are decimal strings). */
export interface PartitionEnds {
  partition: number;
  /** The log end offset: the next offset to be written. */
  high: string;
  /** The log start offset: the oldest offset still kept. */
  low: string;
}

export interface SinkLag {
  topic: string;
  partition: number;
  /** Offsets between the sink's committed position and the end of the partition. */
  lag: number;
}

/**
 * A sink connector's lag per partition: end offset minus the offset its consumer group
 * (`connect-<connector>`) committed. A partition the group never committed to (-1), or whose
 * committed offset retention already deleted, is read from its start (Connect's default
 * `auto.offset.reset=earliest`), so all of it counts.
 *
 * Connect commits "last record + 1", never past a transaction's commit marker: on a topic written
 * in transactions, a sink that is done leaves 1 per partition whose last write was a transaction.
 */
export function sinkLag(
  topic: string,
  ends: PartitionEnds[],
  committed: Array<{ partition: number; offset: string }>,
): SinkLag[] {
  const committedAt = new Map(committed.map((entry) => [entry.partition, Number(entry.offset)]));
  return ends
    .map((end) => {
      const [high, low] = [Number(end.high), Number(end.low)];
      const from = Math.max(committedAt.get(end.partition) ?? -1, low);
      return { topic, partition: end.partition, lag: Math.max(0, high - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/**
 * The topics a sink connector reads, from its configuration: `topics` (a comma-separated list) or
 * `topics.regex`, matched against the broker's topics as Connect does (the whole name must match).
 */
export function sinkTopics(config: Record<string, string | undefined>, existing: string[]): string[] {
  const listed = (config.topics ?? '')
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);
  if (listed.length > 0) return listed;
  const pattern = config['topics.regex'];
  if (!pattern) return [];
  const whole = new RegExp(`^(?:${pattern})$`);
  return existing.filter((topic) => whole.test(topic)).sort();
}

/** The consumer group of a sink connector: `connect-<name>`, unless its config overrides group.id. */
export function sinkGroupId(name: string, config: Record<string, string | undefined>): string {
  return config['consumer.override.group.id'] ?? `connect-${name}`;
}
