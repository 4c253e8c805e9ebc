import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('percentile', () => {
  it('when asked for p50 and p99 of 1..100, then it answers 50 and 99 (nearest rank)', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('when there is one sample, then every percentile is that sample', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('when there is no sample, then the percentile is NaN', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('when the samples are unsorted, then the summary is that of the sorted samples', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
  });
});
