import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import type { RunningCatalogService } from '../src/composition-root.js';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * A database that fails for a while holds the consumer on the message instead of skipping it: the
 * failed attempt is retried with backoff, nothing is committed past it, and the order is applied
 * once the database answers again (docs/design.md, I4 and I7).
 */
const fx = useCatalogFixture('catalog-db-retries');
let service: RunningCatalogService;

beforeAll(async () => {
  service = await fx.startService({ DB_LOCK_WAIT_TIMEOUT_S: 1, RETRY_MAX_BACKOFF_MS: 300 });
});

/** The status while the consumer retries, once `done` says it has retried enough. */
const retryingWhen = (what: string, done: (retries: number, lastError: string) => boolean) =>
  waitUntil(
    what,
    () => {
      const { counts, retrying } = service.consumer.status();
      return retrying && done(counts.retries, retrying.lastError) ? retrying : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 20 },
  );

describe('catalog-service consumer while the database fails', () => {
  it('when the product row stays locked past the lock wait, then the order is retried, never skipped', async () => {
    const [product] = await fx.products([100]);
    const first = newOrder(product!, 10);
    const second = newOrder(product!, 3);
    const retriesBefore = service.consumer.status().counts.retries;
    const lock = await fx.lockRow(product!);
    try {
      await fx.publish([first, second]);
      // Two lock wait timeouts (1 s each) on the first order.
      const stuck = await retryingWhen('the consumer to retry on the locked row', (n) => n >= retriesBefore + 2);
      expect(stuck.lastError).toContain('ER_LOCK_WAIT_TIMEOUT');
      const committed = await fx.committedOffsets();
      expect(committed.get(stuck.partition) ?? 0).toBeLessThanOrEqual(Number(stuck.offset));
      expect(await fx.processedRows([product!])).toEqual([]);
    } finally {
      await lock.commit();
    }
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(87);
    const rows = await fx.processedRows([product!]);
    expect(rows.map((row) => row.order_id).sort()).toEqual([first.orderId, second.orderId].sort());
    expect(service.consumer.status().retrying).toBeNull();
  });

  it('when its connection is killed mid-transaction, then the order is retried and applied once', async () => {
    const [product] = await fx.products([100]);
    const order = newOrder(product!, 9);
    const retriesBefore = service.consumer.status().counts.retries;
    const lock = await fx.lockRow(product!);
    try {
      await fx.publish([order]);
      // The consumer's UPDATE now waits for our row lock, inside its transaction: kill its connection.
      const [waiting] = await waitUntil(
        'the consumer waiting on the row lock',
        async () => {
          const [rows] = (await fx.db.raw(
            "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'update `catalog`%' AND INFO LIKE ?",
            [`%${product}%`],
          )) as [Array<{ id: number }>];
          return rows.length > 0 && rows;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      await fx.db.raw('KILL CONNECTION ?', [waiting!.id]);
      const stuck = await retryingWhen(
        'a retry after the lost connection',
        (n, lastError) => n > retriesBefore && !lastError.includes('ER_LOCK_WAIT_TIMEOUT'),
      );
      expect(stuck.lastError).toMatch(/CONNECTION|killed|lost/i);
    } finally {
      await lock.commit();
    }
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(91);
    expect((await fx.processedRows([product!])).map((row) => row.order_id)).toEqual([order.orderId]);
  });
});
