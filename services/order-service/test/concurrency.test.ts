import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { postOrder, startTestService, waitUntilListed } from './support/harness.js';

const ORDERS = 100;
let service: RunningOrderService;

beforeAll(async () => {
  service = await startTestService();
  await service.publisher.warmUp();
});

afterAll(async () => {
  await service.stop();
});

describe('concurrent orders', () => {
  it(
    `when ${ORDERS} orders are posted at once,` +
      ' then all are placed in far fewer transactions and polls than orders, each exactly once in mydb.orders',
    async () => {
      const userId = uniqueId('burst');
      const before = { batches: service.publisher.stats().batches, polls: service.watcher.pollCount() };

      const answers = await Promise.all(
        Array.from({ length: ORDERS }, (_, index) =>
          postOrder(service, userId, { productId: `TEST-BURST-${index % 7}`, qty: index + 1, unitPrice: 100 }),
        ),
      );

      const transactions = service.publisher.stats().batches - before.batches;
      const polls = service.watcher.pollCount() - before.polls;
      console.info(
        `${ORDERS} concurrent orders: ${transactions} transactions, ${polls} visibility queries,` +
          ` answers ${JSON.stringify(countBy(answers.map((answer) => answer.status)))}`,
      );
      expect(answers.every((answer) => answer.status === 201 || answer.status === 202)).toBe(true);
      // Measured 8 to 19 on this machine; one transaction per order would be 100.
      expect(transactions).toBeLessThan(ORDERS / 3);
      // One query per poll for all waiters, not one per waiting request per poll.
      expect(polls).toBeLessThan(ORDERS);

      const orderIds = answers.map((answer) => answer.body.orderId as string);
      expect(new Set(orderIds).size).toBe(ORDERS);
      const listed = await waitUntilListed(service, userId, 'every order in mydb.orders', ORDERS);
      expect(listed.map((order) => order.orderId).sort()).toEqual([...orderIds].sort());
      expect(listed.map((order) => order.totalPrice).sort((a, b) => a - b)).toEqual(
        Array.from({ length: ORDERS }, (_, index) => (index + 1) * 100),
      );
    },
  );
});

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
