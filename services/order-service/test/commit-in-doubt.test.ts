import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateInfra, type PrivateInfra } from '@order-platform/infra';
import type { Order } from '@order-platform/order-contracts';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { brokerAnswers, kafkaOf, thaw } from './support/broker.js';
import {
  getOrders,
  postOrder,
  readBothTopicsToTheEnd,
  startTestService,
  userIdOf,
  waitUntilAccepting,
  waitUntilListed,
} from './support/harness.js';

/**
 * The ambiguous case: the records are produced, then the broker stops answering before the
 * commit's answer arrives. The order may or may not be committed, so it must get neither a 503
 * (it might appear) nor a 2xx (it might not): the request is held, the order re-published once
 * the broker is back, and only then answered, and it ends up exactly once in the orders table.
 * The frozen broker belongs to this file's own private infrastructure (broker, worker, sink).
 */
const userId = uniqueId('in-doubt');
let infra: PrivateInfra;
let pid: number;
let frozen = false;
let service: RunningOrderService;

beforeAll(async () => {
  infra = await startPrivateInfra(uniqueId('tdbt').replace(/[^a-z0-9]/g, ''));
  pid = infra.brokerPid()!;
  const freezeBeforeCommit = async (orders: Order[]) => {
    if (frozen || !orders.some((order) => order.userId === userId)) return;
    process.kill(pid, 'SIGSTOP');
    frozen = true;
  };
  service = await startTestService(
    { ...infra.env, KAFKA_REQUEST_TIMEOUT_MS: '1500', KAFKA_RETRIES: '1', KAFKA_TRANSACTION_TIMEOUT_MS: '10000' },
    { beforeCommit: freezeBeforeCommit },
  );
  await waitUntilAccepting(service);
});

afterAll(async () => {
  await service?.stop();
  await infra?.stop();
});

describe('a commit whose answer is lost', () => {
  // Held instead of answered 503, then answered 2xx once the order is re-published (I3).
  it('when the broker freezes just before the commit, then the POST is held, not 503, until re-published', async () => {
    expect(pid).toBeGreaterThan(0);
    let answer: Awaited<ReturnType<typeof postOrder>> | undefined;
    let posting: Promise<unknown> | undefined;
    try {
      posting = postOrder(service, userId).then((placed) => (answer = placed));
      await waitUntil('the batch to be in doubt', () => service.publisher.stats().inDoubt >= 1, {
        timeoutMs: 30_000,
      });
      await waitUntil(
        'a re-publish to fail while the broker is frozen',
        () => service.publisher.stats().notCommitted >= 1,
        { timeoutMs: 30_000 },
      );
      expect(answer).toBeUndefined();
      expect(service.publisher.inDoubtOrders().map((order) => order.userId)).toEqual([userId]);
    } finally {
      if (frozen) await thaw(pid, infra.config.KAFKA_BROKERS);
    }
    await posting;
    expect([201, 202]).toContain(answer?.status);
    expect(service.publisher.inDoubtOrders()).toEqual([]);
    const orderId = answer?.body.orderId as string;

    const listed = await waitUntilListed(service, userId, 'the order in mydb.orders');
    expect(listed.map((order) => order.orderId)).toEqual([orderId]);

    const { orders, catalog } = await readBothTopicsToTheEnd(service, kafkaOf(infra.config.KAFKA_BROKERS), {
      orders: infra.config.ORDERS_TOPIC,
      catalog: infra.config.CATALOG_TOPIC,
    });
    expect(orders.filter((message) => userIdOf(message) === userId).length).toBeGreaterThanOrEqual(1);
    expect(catalog.filter((message) => userIdOf(message) === userId).length).toBeGreaterThanOrEqual(1);
    // Read after the markers: the row count is final, duplicates (if any) were upserted.
    expect((await getOrders(service, userId)).map((order) => order.orderId)).toEqual([orderId]);
    expect(await brokerAnswers(infra.config.KAFKA_BROKERS)).toBe(true);
  }, 150_000);
});
