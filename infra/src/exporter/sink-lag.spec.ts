import { describe, expect, it } from 'vitest';
import { sinkGroupId, sinkLag, sinkTopics } from './sink-lag.js';

const ends = (...pairs: Array<[low: number, high: number]>) =>
  pairs.map(([low, high], partition) => ({ partition, low: String(low), high: String(high) }));

describe('sinkLag', () => {
  it('when the group committed an offset, then the lag is the end offset minus it', () => {
    expect(
      sinkLag('orders', ends([0, 10], [0, 7]), [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '7' },
      ]),
    ).toEqual([
      { topic: 'orders', partition: 0, lag: 6 },
      { topic: 'orders', partition: 1, lag: 0 },
    ]);
  });

  it('when the group never committed to a partition, then all of its kept records count', () => {
    expect(sinkLag('orders', ends([3, 10], [0, 0]), [{ partition: 0, offset: '-1' }])).toEqual([
      { topic: 'orders', partition: 0, lag: 7 },
      { topic: 'orders', partition: 1, lag: 0 },
    ]);
  });

  it('when retention deleted past the committed offset, then the lag counts from the log start', () => {
    expect(sinkLag('orders', ends([50, 60]), [{ partition: 0, offset: '20' }])).toEqual([
      { topic: 'orders', partition: 0, lag: 10 },
    ]);
  });

  it('when the committed offset is past the end (a recreated topic), then the lag is 0, never negative', () => {
    expect(sinkLag('orders', ends([0, 2]), [{ partition: 0, offset: '9' }])).toEqual([
      { topic: 'orders', partition: 0, lag: 0 },
    ]);
  });
});

describe('sinkTopics', () => {
  it('when the config lists topics, then those are read, trimmed', () => {
    expect(sinkTopics({ topics: 'orders, other ,', 'topics.regex': 'x.*' }, [])).toEqual(['orders', 'other']);
  });

  it('when the config has topics.regex, then the existing topics matching it whole are read', () => {
    expect(sinkTopics({ 'topics.regex': 'orders|t[0-9]+-orders' }, ['orders.dlq', 't1-orders', 'orders'])).toEqual([
      'orders',
      't1-orders',
    ]);
  });

  it('when the config names no topic, then none is read', () => {
    expect(sinkTopics({}, ['orders'])).toEqual([]);
  });
});

describe('sinkGroupId', () => {
  it('when the config does not override group.id, then the group is connect-<name>', () => {
    expect(sinkGroupId('my-order-sink-connect', {})).toBe('connect-my-order-sink-connect');
    expect(sinkGroupId('sink', { 'consumer.override.group.id': 'custom' })).toBe('custom');
  });
});
