import { describe, expect, it } from 'vitest';
import { applyStockOrders, type LedgerEntry } from './apply-stock-orders.js';
import { memoryStockLedger } from './memory-stock-ledger.js';
import type { StockOrder } from './stock-order.js';

function memoryLedger(stock: Record<string, number>, entries: LedgerEntry[] = [], recordedElsewhere: string[] = []) {
  const memory = memoryStockLedger(stock, entries, { recordedElsewhere });
  const apply = (...orders: StockOrder[]) => applyStockOrders(memory.ledger, orders.map(item));
  return { ...memory, apply };
}

let next = 0;
const order = (productId: string, qty: number, orderId = `o-${++next}`): StockOrder => ({
  orderId,
  userId: 'u',
  productId,
  qty,
  unitPrice: 1,
  totalPrice: qty,
});
const item = (o: StockOrder) => ({ order: o, source: { topic: 't', partition: 0, offset: String(next) } });
const settled = (...kinds: Array<'applied' | 'duplicate' | 'unknown-product'>) => ({
  kind: 'settled',
  outcomes: kinds.map((kind) => ({ kind })),
});
const shortOf = (qty: number, stock: number) => ({
  kind: 'rejected',
  reason: `insufficient stock: ordered ${qty}, in stock ${stock}`,
});

describe('applyStockOrders, one order', () => {
  it('when the product has enough stock, then the stock goes down by qty and the order is applied', async () => {
    const memory = memoryLedger({ 'CATALOG-0003': 100 });
    expect(await memory.apply(order('CATALOG-0003', 23, 'o-1'))).toEqual(settled('applied'));
    expect(memory.stock['CATALOG-0003']).toBe(77);
    expect(memory.entries.map((entry) => [entry.order.orderId, entry.outcome])).toEqual([['o-1', 'applied']]);
  });

  it('when the same order arrives again, then nothing changes', async () => {
    const memory = memoryLedger({ A: 100 });
    const once = order('A', 23);
    await memory.apply(once);
    expect(await memory.apply(once)).toEqual(settled('duplicate'));
    expect(memory.stock.A).toBe(77);
    expect(memory.entries).toHaveLength(1);
  });

  it('when the order asks for more than is in stock, then the stock stays and it is recorded as rejected', async () => {
    const memory = memoryLedger({ A: 10 });
    expect(await memory.apply(order('A', 11))).toEqual({ kind: 'settled', outcomes: [shortOf(11, 10)] });
    expect(memory.stock.A).toBe(10);
    expect(memory.entries.map((entry) => [entry.outcome, entry.reason])).toEqual([
      ['rejected', 'insufficient stock: ordered 11, in stock 10'],
    ]);
  });

  it('when the order takes exactly what is in stock, then the stock reaches zero', async () => {
    const memory = memoryLedger({ A: 23 });
    expect(await memory.apply(order('A', 23))).toEqual(settled('applied'));
    expect(memory.stock.A).toBe(0);
  });

  it('when the product is unknown, then nothing is remembered, so a later delivery is judged again', async () => {
    const memory = memoryLedger({});
    expect(await memory.apply(order('NOPE', 1))).toEqual(settled('unknown-product'));
    expect(memory.entries).toEqual([]);
  });

  it('when another consumer records the order meanwhile, then it is a duplicate and nothing is committed', async () => {
    const raced = order('A', 4);
    const memory = memoryLedger({ A: 10 }, [], [raced.orderId]);
    expect(await memory.apply(raced)).toEqual(settled('duplicate'));
    expect(memory.stock.A).toBe(10);
    expect(memory.entries).toEqual([]);
  });
});

describe('applyStockOrders, a batch', () => {
  it('when every product has enough stock, then each costs one update and the ledger one insert', async () => {
    const memory = memoryLedger({ A: 100, B: 10 });
    expect(await memory.apply(order('A', 5), order('B', 3), order('A', 7))).toEqual(
      settled('applied', 'applied', 'applied'),
    );
    expect(memory.stock).toEqual({ A: 88, B: 7 });
    expect(memory.statements).toEqual(['select ledger', 'lower A 12', 'lower B 3', 'record 3']);
    expect(memory.entries.map((entry) => entry.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('when the stock runs short within the batch, then the orders are judged in order, as one by one', async () => {
    const memory = memoryLedger({ A: 10 });
    const outcomes = [{ kind: 'applied' }, shortOf(5, 4), { kind: 'applied' }];
    expect(await memory.apply(order('A', 6), order('A', 5), order('A', 4))).toEqual({ kind: 'settled', outcomes });
    expect(memory.stock.A).toBe(0);
    expect(memory.statements).toEqual(['select ledger', 'lower A 15', 'lock A', 'lower A 10', 'record 3']);
    expect(memory.entries.map((entry) => [entry.outcome, entry.reason])).toEqual([
      ['applied', undefined],
      ['rejected', 'insufficient stock: ordered 5, in stock 4'],
      ['applied', undefined],
    ]);
  });

  it('when an order is in the ledger already or twice in the batch, then the repeat changes nothing', async () => {
    const earlier = order('A', 1, 'seen-before');
    const memory = memoryLedger({ A: 10 }, [{ ...item(earlier), outcome: 'applied' }]);
    const twice = order('A', 2);
    expect(await memory.apply(earlier, twice, twice)).toEqual(settled('duplicate', 'applied', 'duplicate'));
    expect(memory.stock.A).toBe(8);
    expect(memory.entries).toHaveLength(2);
  });

  it('when only duplicates arrive, then nothing is written', async () => {
    const earlier = order('A', 1);
    const memory = memoryLedger({ A: 10 }, [{ ...item(earlier), outcome: 'applied' }]);
    expect(await memory.apply(earlier, earlier)).toEqual(settled('duplicate', 'duplicate'));
    expect(memory.statements).toEqual(['select ledger']);
  });

  it('when a product is unknown, then its orders are reported, recorded nowhere, and the others applied', async () => {
    const memory = memoryLedger({ A: 10 });
    expect(await memory.apply(order('A', 1), order('Z', 1), order('A', 2))).toEqual(
      settled('applied', 'unknown-product', 'applied'),
    );
    expect(memory.stock).toEqual({ A: 7 });
    expect(memory.entries.map((entry) => entry.order.productId)).toEqual(['A', 'A']);
  });

  it('when the ledger refuses an order id of the batch, then nothing is committed and it is a conflict', async () => {
    const raced = order('B', 1);
    const memory = memoryLedger({ A: 10, B: 10 }, [], [raced.orderId]);
    expect(await memory.apply(order('A', 3), raced)).toEqual({ kind: 'conflict' });
    expect(memory.stock).toEqual({ A: 10, B: 10 });
    expect(memory.entries).toEqual([]);
  });
});
