import { describe, expect, it } from 'vitest';
import { topicViews } from './kafka-lag.js';

describe("each topic's partitions and the lag of the groups that read it", () => {
  it('when a group committed on some partitions, then its lag is end - committed there and null elsewhere', () => {
    const [orders, dlq] = topicViews(
      [
        {
          name: 'orders',
          partitions: [
            { partition: 1, end: 10 },
            { partition: 0, end: 4 },
          ],
        },
        { name: 'orders.dlq', partitions: [{ partition: 0, end: 0 }] },
      ],
      [
        {
          groupId: 'connect-sink',
          offsets: [
            { topic: 'orders', partition: 0, offset: 3 },
            { topic: 'orders', partition: 1, offset: -1 },
          ],
        },
      ],
    );
    expect(orders!.partitions).toEqual([
      { partition: 0, endOffset: 4, lags: [{ groupId: 'connect-sink', committed: 3, lag: 1 }] },
      { partition: 1, endOffset: 10, lags: [{ groupId: 'connect-sink', committed: null, lag: null }] },
    ]);
    expect(dlq!.partitions).toEqual([{ partition: 0, endOffset: 0, lags: [] }]);
  });

  it('when a topic does not exist, then it is listed without partitions', () => {
    expect(topicViews([{ name: 'missing' }], [])).toEqual([{ name: 'missing' }]);
  });
});
