/**
 * Retrying a step that failed for a passing reason (the database restarting, a deadlock, a row
 * lock held too long). The caller stays on the same message while it retries: moving past it
 * would lose an order, so only a stop request (shutdown, partition taken away) ends the loop.
 */
export class RetryAborted extends Error {
  constructor(readonly lastError: unknown) {
    super('retry abandoned: the consumer is stopping or lost the partition', { cause: lastError });
    this.name = 'RetryAborted';
  }
}

export interface RetryOptions {
  /** An error that is not retriable is rethrown at once. */
  isRetriable(error: unknown): boolean;
  /** Waits between attempts; the consumer keeps its group membership alive while it waits. */
  wait(ms: number): Promise<void>;
  /** Asked before every new attempt: true abandons the step with RetryAborted. */
  shouldStop(): boolean;
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  baseDelayMs?: number;
  maxDelayMs: number;
  random?: () => number;
}

/** Exponential backoff with up to 20% jitter (instances retrying together spread out), capped. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(maxMs, Math.round(exponential * (1 + 0.2 * random())));
}

export async function retryUntilDone<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!options.isRetriable(error)) throw error;
      const delayMs = backoffDelay(attempt, options.baseDelayMs ?? 100, options.maxDelayMs, options.random);
      options.onRetry?.(error, attempt, delayMs);
      await options.wait(delayMs);
      if (options.shouldStop()) throw new RetryAborted(error);
    }
  }
}
