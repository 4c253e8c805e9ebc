import { describe, expect, it } from 'vitest';
import type { Answer } from '@order-platform/chaos';
import { impactOf, impactTable, percentile } from './fault-impact.js';

const answer = (at: number, status: number, ms: number): Answer => ({
  userId: `u${at}`,
  productId: 'P',
  qty: 1,
  status,
  at,
  ms,
});

describe('what a fault did to the requests', () => {
  it('when percentiles are taken, then they are nearest-rank values of the sorted latencies', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('when requests are in flight inside and outside a window, then those in flight inside it count', () => {
    const answers = [
      answer(1, 201, 3),
      answer(5, 502, 10),
      answer(10, 201, 20),
      answer(11, 503, 5),
      answer(12, 0, 60_000),
      answer(20, 201, 1),
    ];
    expect(impactOf(answers, 10, 20)).toEqual({
      requests: 4,
      accepted: 1,
      p50: 10,
      p99: 60_000,
      unavailable503: 1,
      unknown: 2,
    });
  });

  it('when only requests entirely inside count, then one that started inside and ended after is left out', () => {
    const answers = [answer(5, 201, 10), answer(10, 201, 5), answer(18, 503, 5)];
    expect(impactOf(answers, 10, 20, true)).toMatchObject({ requests: 1, accepted: 1, unavailable503: 0 });
  });

  it('when the table is made, then it has the baseline, one row per fault and the notes', () => {
    const answers = [answer(1, 201, 10), answer(100, 202, 3000)];
    const lines = impactTable(answers, { from: 0, to: 50 }, [
      { name: 'cut broker-2 off', from: 100, healedAt: 15_100, to: 16_000, notes: ['the cluster fenced it'] },
    ]);
    expect(lines[2]).toBe('| none (baseline) | - | - | 1 | 1 | 10 | 10 | 0 | 0 |');
    expect(lines[3]).toBe('| cut broker-2 off | 15.0 s | 0.9 s | 1 | 1 | 3000 | 3000 | 0 | 0 |');
    expect(lines[4]).toBe('cut broker-2 off: the cluster fenced it');
  });
});
