import { describe, expect, it } from 'vitest';
import { checkInvariants, holds, type LedgerRow, type OrderRow } from './invariants.js';
import { verdictOf, type Answer } from './order-load.js';

const answer = (userId: string, status: number, orderId?: string): Answer => ({
  userId,
  productId: 'P',
  qty: 2,
  status,
  orderId,
  at: 0,
});
const row = (userId: string, orderId: string): OrderRow => ({
  order_id: orderId,
  user_id: userId,
  product_id: 'P',
  qty: 2,
});
const applied = (orderId: string): LedgerRow => ({ order_id: orderId, product_id: 'P', qty: 2, outcome: 'applied' });
const stock = (final: number) => [{ productId: 'P', initial: 100, final }];

describe('the chaos drill verdict', () => {
  it('when answers are 2xx, 5xx, 502 and none, then they are accepted, refused, unknown and unknown', () => {
    expect([201, 202, 503, 500, 502, 504, 0].map((status) => verdictOf(answer('u', status)))).toEqual([
      'accepted',
      'accepted',
      'refused',
      'refused',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('when every accepted order is persisted once and the stock matches, then it holds, unknown answers listed', () => {
    const findings = checkInvariants(
      [answer('a', 201, 'o1'), answer('b', 503), answer('c', 502)],
      [row('a', 'o1'), row('c', 'o3')],
      [applied('o1'), applied('o3')],
      stock(96),
    );
    expect(holds(findings)).toBe(true);
    expect(findings).toMatchObject({ accepted: 1, persistedOnce: 1 });
    expect(findings.unknown.map((entry) => entry.persisted)).toEqual([true]);
  });

  it('when an accepted order is missing, then it is lost', () => {
    const findings = checkInvariants([answer('a', 202, 'o1')], [], [], stock(100));
    expect(findings.lost).toHaveLength(1);
    expect(holds(findings)).toBe(false);
  });

  it('when one request has two rows, or a refused one has a row, or a row has no request, then it fails', () => {
    const findings = checkInvariants(
      [answer('a', 201, 'o1'), answer('b', 503)],
      [row('a', 'o1'), row('a', 'o2'), row('b', 'o3'), row('z', 'o4')],
      ['o1', 'o2', 'o3', 'o4'].map(applied),
      stock(92),
    );
    expect(findings.duplicated).toHaveLength(1);
    expect(findings.refusedButPersisted).toHaveLength(1);
    expect(findings.unexplained).toHaveLength(1);
    expect(holds(findings)).toBe(false);
  });

  it('when the stock is not initial minus applied, or an order was not processed, then it fails', () => {
    expect(holds(checkInvariants([answer('a', 201, 'o1')], [row('a', 'o1')], [applied('o1')], stock(97)))).toBe(false);
    expect(holds(checkInvariants([answer('a', 201, 'o1')], [row('a', 'o1')], [], stock(100)))).toBe(false);
  });

  it('when an order ends with another status than its ledger outcome, or none, then it is a problem', () => {
    const rows = [row('a', 'o1'), row('b', 'o2')];
    const answers = [answer('a', 201, 'o1'), answer('b', 201, 'o2')];
    const ledger = [applied('o1'), { ...applied('o2'), outcome: 'cancelled' as const }];
    const good = checkInvariants(answers, rows, ledger, stock(98), [
      { order_id: 'o1', status: 'CONFIRMED' },
      { order_id: 'o2', status: 'CANCELLED' },
    ]);
    expect(good.problems).toEqual([]);
    expect(good.statuses).toEqual({ CONFIRMED: 1, CANCELLED: 1 });
    const bad = checkInvariants(answers, rows, ledger, stock(98), [{ order_id: 'o1', status: 'REJECTED' }]);
    expect(bad.problems).toEqual([
      'order o1 is REJECTED, its ledger outcome is applied',
      'order o2 is PENDING, its ledger outcome is cancelled',
    ]);
  });
});
