/**
 * One batch at a time, and everything that arrives meanwhile rides in the next one: with N
 * concurrent submitters there are about log-many flushes instead of N queued one after another.
 *
 * The flush reports one of three fates for the whole batch:
 * - `committed`: every item is resolved;
 * - `not-committed`: certain that nothing of the batch was or ever will be visible; fresh items
 *   are rejected with the error, items that were in doubt stay queued (see below);
 * - `in-doubt`: the commit was sent but its answer was lost. Nobody is told anything: every item
 *   is queued again (marked in doubt) and rides in the following batches until one commits, so
 *   the doubt always ends in "committed" (the consumers tolerate the possible duplicate).
 * After a batch that was not committed the next one waits `retryDelayMs`, so a dead broker is
 * not hammered by items in doubt.
 */
export type BatchOutcome =
  { kind: 'committed' } | { kind: 'not-committed'; error: unknown } | { kind: 'in-doubt'; error: unknown };

interface Entry<T> {
  item: T;
  inDoubt: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface BatchStats {
  batches: number;
  committed: number;
  notCommitted: number;
  inDoubt: number;
  items: number;
  largestBatch: number;
}

export class BatchQueue<T> {
  private readonly waiting: Entry<T>[] = [];
  private inFlight: Entry<T>[] = [];
  private flushing = false;
  private closed: { error: Error } | undefined;
  private lastFlushEnd = Number.NEGATIVE_INFINITY;
  private idleWaiters: Array<() => void> = [];
  private readonly counters: BatchStats = {
    batches: 0,
    committed: 0,
    notCommitted: 0,
    inDoubt: 0,
    items: 0,
    largestBatch: 0,
  };

  constructor(
    private readonly flush: (items: T[]) => Promise<BatchOutcome>,
    private readonly options: { maxBatchSize: number; retryDelayMs: number; lingerMs?: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  submit(item: T): Promise<void> {
    if (this.closed) return Promise.reject(this.closed.error);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, inDoubt: false, resolve, reject });
      this.counters.items += 1;
      if (!this.flushing) void this.run();
    });
  }

  stats(): BatchStats {
    return { ...this.counters };
  }

  /** Items whose commit answer was lost and that are still being re-published. */
  inDoubtItems(): T[] {
    return [...this.inFlight, ...this.waiting].filter((entry) => entry.inDoubt).map((entry) => entry.item);
  }

  /** Resolves once nothing is queued and no batch is in flight, or once the queue is closed. */
  drain(): Promise<void> {
    if (this.closed || (!this.flushing && this.waiting.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * No flush starts after this (a batch in flight ends as it ends). Items never sent are rejected
   * with `error`; items in doubt stay listed by inDoubtItems(), for the shutdown's log.
   */
  close(error: Error): void {
    if (this.closed) return;
    this.closed = { error };
    const kept = this.waiting.filter((entry) => entry.inDoubt || (entry.reject(error), false));
    this.waiting.splice(0, this.waiting.length, ...kept);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async run(): Promise<void> {
    this.flushing = true;
    // Under a steady flow (the last batch ended moments ago) wait a little for company: fewer,
    // fuller transactions. After a quiet spell, go at once: a lone order pays no wait.
    const linger = this.options.lingerMs ?? 0;
    const busy = this.now() - this.lastFlushEnd < linger;
    if (linger > 0 && busy && this.waiting.length < this.options.maxBatchSize)
      await new Promise((resolve) => setTimeout(resolve, linger));
    while (!this.closed && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatchSize);
      this.inFlight = batch;
      this.counters.batches += 1;
      this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
      const outcome = await this.flushSafely(batch.map((entry) => entry.item));
      const again = this.settle(batch, outcome);
      this.inFlight = [];
      if (again.length > 0) this.waiting.unshift(...again);
      if (outcome.kind !== 'committed' && this.waiting.length > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      }
    }
    this.flushing = false;
    this.lastFlushEnd = this.now();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async flushSafely(items: T[]): Promise<BatchOutcome> {
    try {
      return await this.flush(items);
    } catch (error) {
      // A flush is meant to classify its own failures; one that throws did not, so nobody can
      // say whether it committed: in doubt is the only honest fate.
      return { kind: 'in-doubt', error };
    }
  }

  private settle(batch: Entry<T>[], outcome: BatchOutcome): Entry<T>[] {
    if (outcome.kind === 'committed') {
      this.counters.committed += 1;
      for (const entry of batch) entry.resolve();
      return [];
    }
    if (outcome.kind === 'in-doubt') {
      this.counters.inDoubt += 1;
      for (const entry of batch) entry.inDoubt = true;
      return batch;
    }
    this.counters.notCommitted += 1;
    for (const entry of batch) if (!entry.inDoubt) entry.reject(outcome.error);
    return batch.filter((entry) => entry.inDoubt);
  }
}
