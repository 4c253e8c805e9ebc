import { describe, expect, it } from 'vitest';
import { pendingOrderIds, whereStatusWent } from './status-records.js';

describe('where a PENDING order status went', () => {
  it('when the problems name PENDING orders, then their ids are picked out and nothing else', () => {
    const problems = [
      'order a-1 is PENDING, its ledger outcome is applied',
      'order b-2 is CONFIRMED, its ledger outcome is cancelled',
      'order c-3 is PENDING, its ledger outcome is rejected',
    ];
    expect(pendingOrderIds(problems)).toEqual(['a-1', 'c-3']);
  });

  it('when the topic holds its records, then the sink is named; when none, then the send', () => {
    expect(whereStatusWent(['CONFIRMED at 1@20'], 'order-status')).toBe(
      'order-status holds CONFIRMED at 1@20: the status sink did not write it',
    );
    expect(whereStatusWent([], 'order-status')).toBe(
      "on no partition of order-status: catalog-service's status send was lost",
    );
  });
});
