import { describe, expect, it } from 'vitest';
import { BatchQueue, type BatchOutcome } from './batch-queue.js';

/** A flush the test finishes by hand, recording each batch it was given. */
function manualFlush() {
  const batches: number[][] = [];
  const finishers: Array<(outcome: BatchOutcome) => void> = [];
  const flush = (items: number[]) => {
    batches.push(items);
    return new Promise<BatchOutcome>((resolve) => finishers.push(resolve));
  };
  const next = async (outcome: BatchOutcome) => {
    await waitFor(() => finishers.length > 0);
    finishers.shift()!(outcome);
  };
  return { batches, flush, next };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!condition()) throw new Error('condition never became true');
}

const settled = (promise: Promise<void>) =>
  promise.then(
    () => 'resolved',
    (error: Error) => `rejected: ${error.message}`,
  );

/** A queue whose first batch, item 1 alone, lost its commit answer: item 1 is in doubt. */
async function queueWithItemInDoubt(maxBatchSize: number) {
  const { batches, flush, next } = manualFlush();
  const queue = new BatchQueue(flush, { maxBatchSize, retryDelayMs: 0 });
  const doubtful = settled(queue.submit(1));
  await next({ kind: 'in-doubt', error: new Error('commit answer lost') });
  return { batches, next, queue, doubtful };
}

describe('BatchQueue', () => {
  it('when items arrive while a batch is in flight, then they are flushed together in the next batch', async () => {
    const { batches, flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 100, retryDelayMs: 0 });
    const first = queue.submit(1);
    const rest = [2, 3, 4].map((item) => queue.submit(item));
    await next({ kind: 'committed' });
    await next({ kind: 'committed' });
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(queue.stats()).toMatchObject({ batches: 2, committed: 2, items: 4, largestBatch: 3 });
  });

  it('when more items wait than a batch may hold, then they are split by maxBatchSize in arrival order', async () => {
    const { batches, flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 2, retryDelayMs: 0 });
    const all = [1, 2, 3, 4, 5].map((item) => queue.submit(item));
    for (let i = 0; i < 3; i += 1) await next({ kind: 'committed' });
    await Promise.all(all);
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('when a batch is certainly not committed, then all of its items are rejected with the error', async () => {
    const { flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 10, retryDelayMs: 0 });
    const first = settled(queue.submit(1));
    const second = settled(queue.submit(2));
    const third = settled(queue.submit(3));
    await next({ kind: 'committed' });
    await next({ kind: 'not-committed', error: new Error('broker down') });
    expect(await Promise.all([first, second, third])).toEqual([
      'resolved',
      'rejected: broker down',
      'rejected: broker down',
    ]);
  });

  it(
    'when the commit answer of a batch is lost,' +
      ' then nobody is answered and its items are re-published until a batch commits',
    async () => {
      const { batches, next, queue, doubtful } = await queueWithItemInDoubt(10);
      await waitFor(() => batches.length === 2);
      expect(queue.stats().inDoubt).toBe(1);
      const fresh = settled(queue.submit(2));
      // The re-publish fails before its commit: the doubt remains, so item 1 is still not answered.
      await next({ kind: 'not-committed', error: new Error('still down') });
      await waitFor(() => batches.length === 3);
      expect(queue.inDoubtItems()).toEqual([1]);
      await next({ kind: 'not-committed', error: new Error('down again') });
      expect(await fresh).toBe('rejected: down again');
      await next({ kind: 'committed' });
      expect(await doubtful).toBe('resolved');
      expect(batches).toEqual([[1], [1], [1, 2], [1]]);
    },
  );

  it('when the flush throws instead of classifying, then its items are treated as in doubt, not failed', async () => {
    let calls = 0;
    const queue = new BatchQueue<number>(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('bug');
        return { kind: 'committed' };
      },
      { maxBatchSize: 10, retryDelayMs: 0 },
    );
    expect(await settled(queue.submit(7))).toBe('resolved');
    expect(calls).toBe(2);
  });

  it('when drain is awaited, then it resolves only after the last batch is settled', async () => {
    const { flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 10, retryDelayMs: 0 });
    await queue.drain();
    void queue.submit(1);
    void queue.submit(2);
    let drained = false;
    const drain = queue.drain().then(() => (drained = true));
    await next({ kind: 'committed' });
    expect(drained).toBe(false);
    await next({ kind: 'committed' });
    await drain;
    expect(drained).toBe(true);
  });

  it('when lingerMs is set and an item comes right after a batch ended, then its batch waits for company', async () => {
    const { batches, flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 100, retryDelayMs: 0, lingerMs: 50 });
    const first = queue.submit(1);
    await next({ kind: 'committed' });
    await first;
    const second = queue.submit(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const third = queue.submit(3);
    await next({ kind: 'committed' });
    await Promise.all([second, third]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('when lingerMs is set but the queue was quiet for longer, then a lone item goes at once', async () => {
    let clock = 0;
    const { batches, flush, next } = manualFlush();
    const queue = new BatchQueue(flush, { maxBatchSize: 100, retryDelayMs: 0, lingerMs: 60_000 }, () => clock);
    const first = queue.submit(1);
    await next({ kind: 'committed' });
    await first;
    clock += 60_001;
    const second = queue.submit(2);
    await next({ kind: 'committed' });
    await second;
    expect(batches).toEqual([[1], [2]]);
  });
  it(
    'when the queue is closed with items in doubt,' +
      ' then no flush starts any more, fresh items are rejected, drain() resolves and the doubt stays listed',
    async () => {
      const { batches, next, queue, doubtful } = await queueWithItemInDoubt(100);
      const fresh = settled(queue.submit(2));
      await waitFor(() => batches.length === 2);
      queue.close(new Error('closed'));
      await next({ kind: 'not-committed', error: new Error('broker down') });
      expect(await fresh).toBe('rejected: broker down');
      await queue.drain();
      expect(await settled(queue.submit(3))).toBe('rejected: closed');
      expect(queue.inDoubtItems()).toEqual([1]);
      // A negative: with retryDelayMs 0 an unclosed queue would flush again within a few ms.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(batches).toEqual([[1], [1, 2]]);
      expect(await Promise.race([doubtful, Promise.resolve('pending')])).toBe('pending');
    },
  );
});
