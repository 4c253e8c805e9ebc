import { describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { ordersOver, productIdsCoveringPartitions } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import type { LogLine } from './support/service-process.js';

/**
 * catalog-service as a real process, killed without warning (SIGKILL) in the middle of 2,000
 * orders and started again: whatever it had applied but not yet committed to Kafka is delivered
 * again, and the stock still ends exactly at the initial stock minus the sum of the quantities.
 */
const ORDERS = 2000;
const INITIAL_STOCK = 1_000_000;
const fx = useCatalogFixture('catalog-crash');

/** Orders per second the process settled, from its "orders applied to stock" lines (one per transaction). */
function throughput(logs: LogLine[]): { messages: number; perSecond: number } {
  const lines = logs.filter((line) => line.msg === 'orders applied to stock');
  const messages = lines.reduce((sum, line) => sum + Number(line.applied) + Number(line.duplicates), 0);
  if (lines.length < 2) return { messages, perSecond: 0 };
  const seconds = (Date.parse(String(lines.at(-1)!.time)) - Date.parse(String(lines[0]!.time))) / 1000;
  return { messages, perSecond: Math.round(messages / seconds) };
}

describe('catalog-service killed in the middle of its work', () => {
  it(
    'when the process is SIGKILLed amid 2,000 orders and started again, then each lowers the stock exactly once',
    { timeout: 180_000 },
    async () => {
      const products = await fx.products(Array(6).fill(INITIAL_STOCK), { ids: productIdsCoveringPartitions(2) });
      const { orders, drop } = ordersOver(products, ORDERS);
      await fx.publish(orders);
      const inLedger = () => fx.ledgerSize(products);

      // One product's row stays locked while the first process runs: the orders of its partition wait
      // (retried), so the kill always comes in the middle, however fast the other partitions go.
      const lock = await fx.lockRow(products[0]!);
      const first = await fx.startProcess({ CATALOG_SESSION_TIMEOUT_MS: '6000' });
      const countAtKill = await waitUntil(
        'a few hundred orders applied',
        async () => ((count) => count >= 400 && count)(await inLedger()),
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      first.signal('SIGKILL');
      expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
      await lock.commit();
      const appliedByFirst = await inLedger();
      // Killed in the middle, not after the end: the second process has work left.
      expect(appliedByFirst).toBeLessThan(ORDERS);

      const second = await fx.startProcess({ CATALOG_SESSION_TIMEOUT_MS: '6000' });
      await waitUntil('all orders in the ledger', async () => (await inLedger()) === ORDERS, {
        timeoutMs: 120_000,
        intervalMs: 200,
      });
      await fx.caughtUp(60_000);

      const rows = await fx.processedRows(products);
      expect(new Set(rows.map((row) => row.order_id)).size).toBe(ORDERS);
      expect(rows.every((row) => row.outcome === 'applied')).toBe(true);
      for (const product of products) expect(await fx.stockOf(product)).toBe(INITIAL_STOCK - drop.get(product)!);
      expect(second.logs.filter((line) => line.msg === 'order message dead-lettered')).toEqual([]);

      const redelivered = second.logs.filter((line) => String(line.msg).startsWith('order already taken')).length;
      process.stderr.write(
        `[catalog-service] SIGKILL after ${countAtKill}+ orders (${appliedByFirst} in the ledger at the kill); ` +
          `first process ${JSON.stringify(throughput(first.logs))}, ` +
          `second ${JSON.stringify(throughput(second.logs))}, redelivered and ignored: ${redelivered}\n`,
      );

      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
  );
});
