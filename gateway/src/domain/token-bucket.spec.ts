import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

const clock = () => {
  const state = { now: 1_000_000 };
  return { state, now: () => state.now };
};

describe('TokenBuckets', () => {
  it('when a client spends its burst, then the next request is refused with the wait for one token', () => {
    const { now } = clock();
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2, maxClients: 10 }, now);
    expect([1, 2, 3].map(() => buckets.take('a').remaining)).toEqual([2, 1, 0]);
    expect(buckets.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterS: 1, resetS: 2 });
  });

  it('when time passes, then tokens come back at the sustained rate, never above the burst', () => {
    const { state, now } = clock();
    const buckets = new TokenBuckets({ burst: 2, perSecond: 4, maxClients: 10 }, now);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    state.now += 250;
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    state.now += 60_000;
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 1, resetS: 1 });
  });

  it('when one client is out of tokens, then another client still has its whole burst', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1, maxClients: 10 }, clock().now);
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b')).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('when a slow rate leaves a long wait, then Retry-After says the whole wait in seconds', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 0.25, maxClients: 10 }, clock().now);
    buckets.take('a');
    expect(buckets.take('a').retryAfterS).toBe(4);
  });

  it('when buckets have refilled, then a sweep forgets them (a full bucket is the same as none)', () => {
    const { state, now } = clock();
    const buckets = new TokenBuckets({ burst: 2, perSecond: 1, maxClients: 10 }, now);
    buckets.take('idle');
    state.now += 500;
    buckets.take('busy');
    state.now += 600;
    expect(buckets.sweep()).toBe(1);
    expect(buckets.size).toBe(1);
  });

  it('when more clients come than the bound, then memory stays at the bound', () => {
    const buckets = new TokenBuckets({ burst: 5, perSecond: 1, maxClients: 100 }, clock().now);
    for (let client = 0; client < 1000; client++) buckets.take(`client-${client}`);
    expect(buckets.size).toBe(100);
    expect(buckets.take('client-999')).toMatchObject({ allowed: true, remaining: 3 });
  });
});
