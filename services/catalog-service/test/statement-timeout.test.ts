import { describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { isExpectedTransient } from '../src/data-access/database-errors.js';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * Every statement of catalog-service has a server-side time limit under the consumer's session
 * timeout (kafkajs heartbeats only between our calls): a statement that would wait longer fails
 * with a timeout, which the consumer retries like any transient database error.
 */
const fx = useCatalogFixture('catalog-stmt');

describe('statement timeouts', () => {
  it('when a statement outlasts the statement timeout, then the server stops it with a transient error', async () => {
    const limited = fx.connect({ poolMax: 2, statementTimeoutMs: 300 });
    const started = Date.now();
    const error = await limited.raw('SELECT SLEEP(3)').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    // MariaDB: ER_STATEMENT_TIMEOUT; MySQL 8: ER_QUERY_TIMEOUT.
    expect([1969, 3024]).toContain((error as { errno?: number } | undefined)?.errno);
    expect(isExpectedTransient(error)).toBe(true);
  });

  it('when the row is locked past the statement timeout, then the order is retried until it is free', async () => {
    const [productId] = await fx.products([10]);
    const holder = await fx.lockRow(productId!);
    try {
      const service = await fx.startService({
        DB_STATEMENT_TIMEOUT_MS: 300,
        DB_LOCK_WAIT_TIMEOUT_S: 30,
        RETRY_MAX_BACKOFF_MS: 300,
      });
      await fx.publish([newOrder(productId!, 4)]);
      // Blocked behind the lock, each attempt ends at 300 ms (not at the 30 s lock wait): the consumer keeps retrying.
      const retrying = await waitUntil(
        'a few timed-out attempts',
        () => {
          const current = service.consumer.status().retrying;
          return current && current.attempts >= 2 ? current : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 50 },
      );
      expect(retrying.lastError).toMatch(/1969|3024/);
      expect(await fx.stockOf(productId!)).toBe(10);
    } finally {
      await holder.rollback();
    }
    await waitUntil('the order applied', async () => (await fx.stockOf(productId!)) === 6, { timeoutMs: 20_000 });
    expect((await fx.processedRows([productId!])).map((row) => row.outcome)).toEqual(['applied']);
  });
});
