import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@order-platform/service-kit';
import type { LedgerEntry } from '../domain/apply-stock-orders.js';
import { memoryStockLedger } from '../domain/memory-stock-ledger.js';
import type { StockOrder } from '../domain/stock-order.js';
import type { DeadLetter } from '../data-access/dead-letter-publisher.js';
import { ConsumerStatusTracker } from './consumer-status.js';
import { createOrderBatchHandler } from './order-batch-handler.js';

const DATA_TOO_LONG = Object.assign(new Error('Data too long'), { errno: 1406 });
const LOCK_WAIT_TIMEOUT = Object.assign(new Error('Lock wait timeout'), { errno: 1205 });

/** The handler on an in-memory ledger; `failRecord` as memoryStockLedger's. */
function handler(stock: Record<string, number>, failRecord?: (entries: LedgerEntry[]) => Error | undefined) {
  const memory = memoryStockLedger(stock, [], { failRecord });
  const letters: DeadLetter[] = [];
  /**
   * Each settled step as `<count> up to offset <last>`, offsets from 0 (the run's first message), and
   * ` with a dead letter` when one of its messages went to the dead-letter topic.
   */
  const settled: string[] = [];
  const tracker = new ConsumerStatusTracker('group', 'topic');
  const handle = createOrderBatchHandler({
    ledger: memory.ledger,
    deadLetters: { publish: async (letter) => void letters.push(letter) },
    tracker,
    logger: createLogger('handler-spec', 'silent'),
    maxBackoffMs: 10,
    batchMax: 3,
  });
  let stopAfter = Infinity;
  const run = (...values: Array<StockOrder | string>) => {
    const base = offset;
    return handle('topic', 0, values.map(message), {
      wait: async () => undefined,
      shouldStop: () => settled.length >= stopAfter,
      settled: async (at, count, deadLettered) =>
        void settled.push(`${count} up to offset ${Number(at) - base}${deadLettered ? ' with a dead letter' : ''}`),
    });
  };
  const stopAfterSteps = (steps: number) => (stopAfter = steps);
  return { run, memory, letters, settled, tracker, stopAfterSteps };
}

let offset = 0;
const message = (value: StockOrder | string): KafkaMessage => ({
  key: null,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  offset: String(offset++),
  timestamp: '0',
  attributes: 0,
  headers: { 'x-request-id': 'req' },
});
let next = 0;
const order = (productId: string, qty: number): StockOrder => ({
  orderId: `o-${++next}`,
  userId: 'u',
  productId,
  qty,
  unitPrice: 1,
  totalPrice: qty,
});

describe('the order batch handler', () => {
  it('when a message is not an order, then the orders before it settle first, then its dead letter', async () => {
    const h = handler({ A: 10 });
    await h.run(order('A', 1), order('A', 2), 'not json', order('A', 3));
    expect(h.settled).toEqual(['2 up to offset 1', '1 up to offset 2 with a dead letter', '1 up to offset 3']);
    expect(h.letters.map((letter) => letter.reason)).toEqual(['not-json']);
    expect(h.memory.stock.A).toBe(4);
    expect(h.tracker.snapshot().counts).toMatchObject({ applied: 3, deadLettered: 1 });
  });

  it('when more orders come than batchMax, then they are applied in transactions of batchMax', async () => {
    const h = handler({ A: 100 });
    await h.run(...[1, 2, 3, 4, 5].map((qty) => order('A', qty)));
    expect(h.settled).toEqual(['3 up to offset 2', '2 up to offset 4']);
    expect(h.memory.stock.A).toBe(85);
  });

  it('when a product is unknown, then its order is a dead letter in the committed batch', async () => {
    const h = handler({ A: 10 });
    await h.run(order('A', 1), order('NOPE', 1), order('A', 2));
    expect(h.settled).toEqual(['3 up to offset 2 with a dead letter']);
    expect(h.letters.map((letter) => [letter.reason, letter.detail])).toEqual([
      ['unknown-product', 'no product NOPE in the catalog'],
    ]);
    expect(h.memory.stock.A).toBe(7);
  });

  it('when the database refuses a value in a batch, then orders go one by one, that one a dead letter', async () => {
    const poisoned = order('A', 2);
    const h = handler({ A: 10 }, (entries) =>
      entries.some((entry) => entry.order.orderId === poisoned.orderId) ? DATA_TOO_LONG : undefined,
    );
    await h.run(order('A', 1), poisoned, order('A', 3));
    expect(h.settled).toEqual(['1 up to offset 0', '1 up to offset 1 with a dead letter', '1 up to offset 2']);
    expect(h.letters.map((letter) => letter.reason)).toEqual(['database-rejected']);
    expect(h.memory.stock.A).toBe(6);
    expect(h.tracker.snapshot().counts).toMatchObject({ applied: 2, deadLettered: 1, retries: 0 });
  });

  it('when the database fails for a passing reason, then the batch is retried until it is applied once', async () => {
    let failures = 2;
    const h = handler({ A: 10 }, () => (failures-- > 0 ? LOCK_WAIT_TIMEOUT : undefined));
    await h.run(order('A', 1), order('A', 2));
    expect(h.settled).toEqual(['2 up to offset 1']);
    expect(h.memory.stock.A).toBe(7);
    expect(h.tracker.snapshot()).toMatchObject({ retrying: null, counts: { applied: 2, retries: 2 } });
  });

  it('when the consumer stops, then no step starts after the one in hand', async () => {
    const h = handler({ A: 10 });
    h.stopAfterSteps(1);
    await h.run(order('A', 1), 'not json', order('A', 2));
    expect(h.settled).toHaveLength(1);
    expect(h.letters).toEqual([]);
    expect(h.memory.stock.A).toBe(9);
  });
});
