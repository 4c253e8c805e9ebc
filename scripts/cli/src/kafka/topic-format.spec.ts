import { describe, expect, it } from 'vitest';
import { formatDescription, parseConfigOptions } from './topic-format.js';

describe('formatDescription', () => {
  it('when a topic has partitions and configs, then the lines follow kafka-topics.sh --describe', () => {
    const lines = formatDescription({
      topic: 'quickstart-events',
      partitionCount: 2,
      replicationFactor: 1,
      configs: { 'min.insync.replicas': '1', 'retention.ms': '1000' },
      partitions: [
        { partition: 0, leader: 1, replicas: [1], isr: [1] },
        { partition: 1, leader: 1, replicas: [1], isr: [] },
      ],
    });
    expect(lines).toEqual([
      'Topic: quickstart-events\tPartitionCount: 2\tReplicationFactor: 1\t' +
        'Configs: min.insync.replicas=1,retention.ms=1000',
      '\tTopic: quickstart-events\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1',
      '\tTopic: quickstart-events\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: ',
    ]);
  });
});

describe('parseConfigOptions', () => {
  it('when options are name=value, then values may contain "="', () => {
    expect(parseConfigOptions(['retention.ms=1000', 'x=a=b'])).toEqual({ 'retention.ms': '1000', x: 'a=b' });
  });

  it.each(['retention.ms', '=1'])('when an option is %j, then it is refused', (value) => {
    expect(() => parseConfigOptions([value])).toThrow('--config takes name=value');
  });
});
