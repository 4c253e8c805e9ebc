import { describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * A stop request while the consumer is held on a message by a failing database: it stops without
 * committing past that message, so the next instance applies it (docs/design.md, I7).
 */
const fx = useCatalogFixture('catalog-stop');
const start = () => fx.startService({ DB_LOCK_WAIT_TIMEOUT_S: 1, RETRY_MAX_BACKOFF_MS: 300 });

describe('stopping while a message is being retried', () => {
  it('when stopped while held on an order, then it commits nothing past it; the next instance applies it', async () => {
    const [product] = await fx.products([100]);
    const settled = newOrder(product!, 1);
    const stuck = newOrder(product!, 10);
    const first = await start();
    await fx.publish([settled]);
    await fx.caughtUp();

    const lock = await fx.lockRow(product!);
    try {
      await fx.publish([stuck]);
      const retrying = await waitUntil(
        'the consumer to retry the locked order',
        () => first.consumer.status().retrying ?? undefined,
        { timeoutMs: 30_000 },
      );
      await first.stop();
      expect(first.consumer.status().state).toBe('stopped');
      expect((await fx.committedOffsets()).get(retrying.partition)).toBe(Number(retrying.offset));
    } finally {
      await lock.commit();
    }
    expect(await fx.stockOf(product!)).toBe(99);

    await start();
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(89);
    expect((await fx.processedRows([product!])).map((row) => row.order_id).sort()).toEqual(
      [settled.orderId, stuck.orderId].sort(),
    );
  });
});
