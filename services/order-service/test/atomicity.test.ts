import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateInfra, type PrivateInfra } from '@order-platform/infra';
import type { ProblemDetails } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { kafkaOf, thaw } from './support/broker.js';
import {
  closedPort,
  postOrder,
  readBothTopicsToTheEnd,
  startTestService,
  userIdOf,
  waitUntilAccepting,
} from './support/harness.js';

/**
 * A 503 means the order does not exist and never will: nothing of it may be readable
 * (read_committed) from either topic, even when the broker took part of it before failing.
 * The broker that gets frozen belongs to this file's own private infrastructure.
 */
// Short Kafka timeouts so a stopped broker fails a POST in seconds; a short transaction timeout
// bounds how long an unfenced transaction could hold back read_committed readers.
const FAST_FAILING = { KAFKA_REQUEST_TIMEOUT_MS: '1500', KAFKA_RETRIES: '1', KAFKA_TRANSACTION_TIMEOUT_MS: '10000' };
let healthy: RunningOrderService;
let frozenInfra: PrivateInfra;
let onFrozenInfra: RunningOrderService;
const failedUsers: string[] = [];
const frozenUsers: string[] = [];

beforeAll(async () => {
  healthy = await startTestService(FAST_FAILING);
  frozenInfra = await startPrivateInfra(
    uniqueId('tfrz')
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 24),
  );
  onFrozenInfra = await startTestService({ ...frozenInfra.env, ...FAST_FAILING });
  await waitUntilAccepting(onFrozenInfra);
});

afterAll(async () => {
  await healthy?.stop();
  await onFrozenInfra?.stop();
  await frozenInfra?.stop();
});

describe('an order answered 503 reaches neither topic', () => {
  it('when Kafka is down from the start, then the POST answers 503 problem+json and ready names kafka', async () => {
    const service = await startTestService({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, KAFKA_RETRIES: '1' });
    try {
      const userId = uniqueId('kafka-down');
      failedUsers.push(userId);
      const placed = await postOrder(service, userId);
      expect(placed.status).toBe(503);
      expect(placed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(placed.body).toMatchObject({ status: 503, code: 'kafka-unavailable' });

      const ready = await fetch(`${service.url}/order-service/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as ProblemDetails).errors?.map((problem) => problem.name)).toEqual(['kafka']);
    } finally {
      await service.stop();
    }
  });

  it(
    'when the broker stops answering after the instance connected,' +
      ' then the POST answers 503 and the instance recovers once the broker is back',
    async () => {
      const pid = frozenInfra.brokerPid();
      expect(pid).toBeGreaterThan(0);
      const userId = uniqueId('broker-frozen');
      frozenUsers.push(userId);
      expect((await postOrder(onFrozenInfra, uniqueId('before-freeze'))).status).toBeLessThan(300);
      process.kill(pid!, 'SIGSTOP');
      try {
        const placed = await postOrder(onFrozenInfra, userId);
        expect(placed.status).toBe(503);
        expect(placed.body.code).toBe('kafka-unavailable');
      } finally {
        await thaw(pid!, frozenInfra.config.KAFKA_BROKERS);
      }
      const after = await waitUntil(
        'an order placed after the broker is back',
        async () => {
          const answer = await postOrder(onFrozenInfra, uniqueId('after-freeze'));
          return answer.status < 300 ? answer : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect([201, 202]).toContain(after.status);
      const { config } = frozenInfra;
      const { orders, catalog } = await readBothTopicsToTheEnd(onFrozenInfra, kafkaOf(config.KAFKA_BROKERS), {
        orders: config.ORDERS_TOPIC,
        catalog: config.CATALOG_TOPIC,
      });
      expect([...orders, ...catalog].filter((message) => frozenUsers.includes(userIdOf(message) ?? ''))).toEqual([]);
    },
    180_000,
  );

  it('when both topics are read to their end, then no record of an order answered 503 is there', async () => {
    expect(failedUsers.length).toBeGreaterThan(0);
    const { orders, catalog } = await readBothTopicsToTheEnd(healthy);
    const leaked = [...orders, ...catalog].filter((message) => failedUsers.includes(userIdOf(message) ?? ''));
    expect(leaked).toEqual([]);
  }, 120_000);
});
