import type { TopicDescription } from './topic-admin.js';

/** The layout of `kafka-topics.sh --describe`: one topic line, then one tab-indented line per partition. */
export function formatDescription(description: TopicDescription): string[] {
  const configs = Object.entries(description.configs)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  return [
    `Topic: ${description.topic}\tPartitionCount: ${description.partitionCount}` +
      `\tReplicationFactor: ${description.replicationFactor}\tConfigs: ${configs}`,
    ...description.partitions.map(
      (partition) =>
        `\tTopic: ${description.topic}\tPartition: ${partition.partition}\tLeader: ${partition.leader}` +
        `\tReplicas: ${partition.replicas.join(',')}\tIsr: ${partition.isr.join(',')}`,
    ),
  ];
}

/** `--config name=value` options (repeatable), as kafka-topics.sh takes them. */
export function parseConfigOptions(values: string[]): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const value of values) {
    const separator = value.indexOf('=');
    if (separator <= 0) throw new Error(`--config takes name=value, not ${JSON.stringify(value)}`);
    configs[value.slice(0, separator)] = value.slice(separator + 1);
  }
  return configs;
}
