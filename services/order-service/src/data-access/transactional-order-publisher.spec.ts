import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Kafka } from 'kafkajs';
import { createLogger } from '@order-platform/service-kit';
import { type Order } from '@order-platform/order-contracts';
import { TransactionalOrderPublisher } from './transactional-order-publisher.js';

/** A Kafka whose producers connect and produce, but whose commit answers are always lost. */
function lostCommitKafka() {
  const built = { producers: 0, transactions: 0 };
  const transaction = () => {
    built.transactions += 1;
    return {
      sendBatch: async () => [],
      commit: async () => Promise.reject(new Error('commit answer lost')),
      abort: async () => undefined,
    };
  };
  const kafka = {
    producer: () => {
      built.producers += 1;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        transaction: async () => transaction(),
      };
    },
  } as unknown as Kafka;
  return { kafka, built };
}

const order: Order = {
  orderId: 'o-1',
  userId: 'u-1',
  productId: 'P-1',
  qty: 1,
  unitPrice: 2,
  totalPrice: 2,
  createdAt: 0,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('TransactionalOrderPublisher', () => {
  it('when closed with abandon while an order is in doubt, then no producer or transaction is built', async () => {
    vi.useFakeTimers();
    const { kafka, built } = lostCommitKafka();
    const publisher = new TransactionalOrderPublisher({
      kafka,
      transactionalId: 'order-service-test',
      ordersTopic: 'orders',
      catalogTopic: 'catalog',
      maxBatchSize: 10,
      requestTimeoutMs: 1000,
      transactionTimeoutMs: 60_000,
      logger: createLogger('publisher-spec', 'silent'),
    });
    void publisher.publish(order, 'request-1');
    // The first attempt, then re-publishes every 500 ms, each on a fresh producer.
    await vi.advanceTimersByTimeAsync(1200);
    expect(publisher.inDoubtOrders()).toEqual([order]);
    expect(built.transactions).toBeGreaterThan(2);

    await publisher.close({ abandon: true });
    const after = { ...built };
    await vi.advanceTimersByTimeAsync(10_000);
    expect(built).toEqual(after);
    expect(publisher.inDoubtOrders()).toEqual([order]);
    await expect(publisher.publish(order, 'request-2')).rejects.toMatchObject({ code: 'kafka-unavailable' });
  });
});
