import { describe, expect, it } from 'vitest';
import { backoffDelay, RetryAborted, retryUntilDone } from './retry.js';

const noJitter = () => 0;

describe('backoffDelay', () => {
  it('when attempts go on, then the delay doubles from the base up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, 100, 1000, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('when jitter is drawn, then it adds at most 20% and never passes the ceiling', () => {
    expect(backoffDelay(1, 100, 1000, () => 1)).toBe(120);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
  });
});

describe('retryUntilDone', () => {
  const options = (overrides: Partial<Parameters<typeof retryUntilDone>[1]> = {}) => {
    const waits: number[] = [];
    return {
      waits,
      options: {
        isRetriable: () => true,
        wait: async (ms: number) => void waits.push(ms),
        shouldStop: () => false,
        maxDelayMs: 1000,
        random: noJitter,
        ...overrides,
      },
    };
  };

  it('when the work fails a few times for a passing reason, then it is retried until it succeeds', async () => {
    let calls = 0;
    const { waits, options: retry } = options();
    const result = await retryUntilDone(async () => {
      calls += 1;
      if (calls < 4) throw new Error('lock wait timeout');
      return 'done';
    }, retry);
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('when the error is not retriable, then it is rethrown at once', async () => {
    let calls = 0;
    const { options: retry } = options({ isRetriable: () => false });
    const failure = new Error('data too long');
    await expect(retryUntilDone(async () => ((calls += 1), Promise.reject(failure)), retry)).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('when the consumer is stopping, then the retry is abandoned with RetryAborted and the last error', async () => {
    let calls = 0;
    const failure = new Error('connection lost');
    const { options: retry } = options({ shouldStop: () => calls >= 2 });
    const outcome = retryUntilDone(async () => ((calls += 1), Promise.reject(failure)), retry);
    await expect(outcome).rejects.toBeInstanceOf(RetryAborted);
    await expect(outcome).rejects.toMatchObject({ lastError: failure });
    expect(calls).toBe(2);
  });
});
