import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '@order-platform/infra';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { checkAnswer, endOffsets, type Accepted } from './support/fuzz-checks.js';
import { infra, kafka, sendRaw, startFuzzPlatform } from './support/fuzz-platform.js';
import { fuzzRequest } from './support/http-fuzz-requests.js';
import type { TestPlatform } from './support/test-platform.js';
import { readRange } from './support/topic-reader.js';

/**
 * Property-based HTTP fuzzing of the whole platform through the gateway (real processes, real
 * Kafka, sink and database): 10,000 generated requests, 16 in flight, must never get a 5xx, every
 * 4xx must be a problem+json naming its own status, every well-formed order must be accepted,
 * no process may die, and a rejected request must change nothing: per run user, the rows in
 * mydb.orders and the records in `orders` and the catalog topic are exactly the 2xx POSTs.
 * 16 fast-check runners, each sequential with seed FUZZ_SEED+i (printed), keep 16 requests in
 * flight without waiting for the slowest of a batch. FUZZ_COUNT=<n> changes the total.
 */
const seed = Number(process.env.FUZZ_SEED || 20_260_707);
const TOTAL = Number(process.env.FUZZ_COUNT || 10_000);
const RUNNERS = 16;
const run = uniqueId('hf').replace('-', '');
let platform: TestPlatform;
// Idle sockets are closed by the client 1 s before the gateway's 5 s keep-alive timeout: without an
// agent timeout Node ignores the server's "Keep-Alive: timeout=5" hint, and a request sent on a
// socket the gateway closes at that very moment fails with ECONNRESET (seen once in CI).
const agent = new http.Agent({ keepAlive: true, maxSockets: RUNNERS, timeout: 4000 });

beforeAll(async () => {
  platform = await startFuzzPlatform({ visibilityWaitMs: 1000 });
}, 180_000);

afterAll(async () => {
  agent.destroy();
  await platform?.stop();
}, 60_000);

describe('the platform under 10,000 generated requests through the gateway', () => {
  it(
    `when ${TOTAL} generated requests go through the gateway, then no 5xx, every 4xx is problem+json, ` +
      'no process dies, and only 2xx orders reach the table and the topics',
    { timeout: 240_000 },
    async () => {
      const ordersStart = await endOffsets(infra.ORDERS_TOPIC);
      const sinkDlqStart = await endOffsets(infra.ORDERS_DLQ_TOPIC);
      const catalogStart = await endOffsets(platform.catalog.topic);
      const accepted: Accepted[] = [];
      const statuses = new Map<number, number>();
      const postsByUser = new Map<string, number>();
      let cases = 0;
      let failed = false;
      const started = Date.now();

      const runner = async (index: number) => {
        const numRuns = Math.floor(TOTAL / RUNNERS) + (index < TOTAL % RUNNERS ? 1 : 0);
        await fc.assert(
          fc.asyncProperty(fuzzRequest(run), async (request) => {
            if (failed) return; // another runner failed: stop sending, keep its report readable
            const response = await sendRaw(agent, platform.ports.gateway, request);
            cases++;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (request.method === 'POST' && request.userId !== undefined)
              postsByUser.set(request.userId, (postsByUser.get(request.userId) ?? 0) + 1);
            try {
              const order = checkAnswer(request, response);
              if (order) accepted.push(order);
            } catch (error) {
              failed = true;
              throw error;
            }
          }),
          { seed: seed + index, numRuns, endOnFailure: true },
        );
      };
      await Promise.all(Array.from({ length: RUNNERS }, (_, index) => runner(index)));
      const elapsed = Date.now() - started;
      console.info(
        `[http-fuzz] seeds ${seed}..${seed + RUNNERS - 1} (FUZZ_SEED to replay), run ${run}: ` +
          `${cases} requests in ${elapsed} ms, ` +
          `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}, ` +
          `${accepted.length} orders accepted for ${postsByUser.size} users`,
      );
      expect(cases).toBeGreaterThanOrEqual(TOTAL);

      // Nothing died, nothing logged an error (an unexpected failure behind a 4xx), and every
      // service still says it can take work.
      const errors = platform.lines.filter((line) => /"level":(50|60)|"level":"(error|fatal)"/.test(line));
      expect(errors.slice(0, 5)).toEqual([]);
      expect(
        platform.platform.launcher
          .list()
          .filter((child) => !child.running)
          .map((child) => child.name),
      ).toEqual([]);
      for (const port of platform.orderPorts)
        expect((await fetch(`http://127.0.0.1:${port}/order-service/ready`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${platform.ports.catalog}/catalog-service/ready`)).status).toBe(200);

      // A marker through the front door, then everything committed to both topics up to now.
      const marker = await sendRaw(agent, platform.ports.gateway, {
        method: 'POST',
        path: `/order-service/${run}-marker/orders`,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"productId":"CATALOG-0001","qty":1,"unitPrice":1}'),
        chunked: false,
      });
      expect(marker.status === 201 || marker.status === 202).toBe(true);
      const markerId = (JSON.parse(marker.body.toString('utf8')) as { orderId: string }).orderId;
      const ordersEnd = await endOffsets(infra.ORDERS_TOPIC);
      const catalogEnd = await endOffsets(platform.catalog.topic);
      const [ordersRecords, catalogRecords] = await Promise.all([
        readRange(kafka, infra.ORDERS_TOPIC, ordersStart, ordersEnd, 60_000),
        readRange(kafka, platform.catalog.topic, catalogStart, catalogEnd, 60_000),
      ]);

      const acceptedIds = accepted.map((order) => order.orderId).sort();
      const inOrders = ordersRecords
        .map((record) => JSON.parse(record.value ?? '{}') as { payload?: { order_id?: string; user_id?: string } })
        .filter(
          (record) => String(record.payload?.user_id ?? '').startsWith(run) && record.payload?.order_id !== markerId,
        )
        .map((record) => record.payload!.order_id!)
        .sort();
      const inCatalog = catalogRecords
        .map((record) => JSON.parse(record.value ?? '{}') as { orderId?: string; userId?: string })
        .filter((record) => String(record.userId ?? '').startsWith(run) && record.orderId !== markerId)
        .map((record) => record.orderId!)
        .sort();
      expect(inOrders).toEqual(acceptedIds);
      expect(inCatalog).toEqual(acceptedIds);

      // Every accepted order is one the sink and catalog-service can take: none of them is a dead letter.
      await waitUntil(
        'catalog-service to have consumed every order',
        async () => {
          const report = (await (
            await fetch(`http://127.0.0.1:${platform.ports.catalog}/catalog-service/ready`)
          ).json()) as { lag: Array<{ lag: number }> | null };
          return report.lag !== null && report.lag.every((entry) => entry.lag === 0);
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      // An accepted order of a product the catalog does not have is catalog-service's to
      // dead-letter (unknown-product); nothing else is.
      const catalogDlqEnd = await endOffsets(platform.catalog.dlq);
      const catalogLetters = await readRange(
        kafka,
        platform.catalog.dlq,
        new Map([...catalogDlqEnd].map(([partition]) => [partition, '0'])),
        catalogDlqEnd,
        30_000,
      );
      expect(
        catalogLetters
          .filter((letter) => letter.headers['x-dlq-reason'] !== 'unknown-product')
          .map((letter) => `${letter.headers['x-dlq-reason']}: ${letter.headers['x-dlq-detail']}`),
      ).toEqual([]);
      const sinkDlqEnd = await endOffsets(infra.ORDERS_DLQ_TOPIC);
      const sinkLetters = await readRange(kafka, infra.ORDERS_DLQ_TOPIC, sinkDlqStart, sinkDlqEnd, 30_000);
      expect(sinkLetters.filter((letter) => letter.value?.includes(run)).map((letter) => letter.value)).toEqual([]);

      // The table: per run user, exactly the orders answered 2xx (the 202s once the sink caught up).
      const db = connectDatabase(infra, infra.ORDERS_DB);
      try {
        const users = [...postsByUser.keys()];
        const rowsOfRun = async () =>
          db('orders')
            .whereIn('user_id', users)
            .select<Array<{ order_id: string; user_id: string }>>('order_id', 'user_id');
        const rows = await waitUntil(
          'every accepted order in mydb.orders',
          async () => {
            const found = await rowsOfRun();
            return found.length >= accepted.length ? found : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 250 },
        ).catch(() => rowsOfRun());
        expect(rows.map((row) => row.order_id).sort()).toEqual(acceptedIds);
        const perUser = (pairs: Array<{ userId: string }>) => {
          const counts: Record<string, number> = {};
          for (const { userId } of pairs) counts[userId] = (counts[userId] ?? 0) + 1;
          return counts;
        };
        expect(perUser(rows.map((row) => ({ userId: row.user_id })))).toEqual(perUser(accepted));
      } finally {
        await db.destroy();
      }
    },
  );
});
