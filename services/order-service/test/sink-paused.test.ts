import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient } from '@order-platform/infra';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { getOrders, infraConfig, postOrder, startTestService, waitUntilListed } from './support/harness.js';

const connect = new ConnectClient(infraConfig.CONNECT_URL);
const sink = infraConfig.ORDERS_SINK_CONNECTOR;
let service: RunningOrderService;

const sinkIs = async (state: string) => {
  const status = await connect.status(sink);
  return (
    status.connector.state === state && status.tasks.length > 0 && status.tasks.every((task) => task.state === state)
  );
};

beforeAll(async () => {
  service = await startTestService({ VISIBILITY_WAIT_MS: '1500' });
});

afterAll(async () => {
  // Whatever happened above, the sink must run again for the other tests of the platform.
  await connect.resume(sink);
  await waitUntil('the sink to run again', () => sinkIs('RUNNING'), { timeoutMs: 60_000 });
  await service.stop();
});

describe('the sink connector is the only writer of mydb.orders', () => {
  // Not listed while the sink is paused: order-service never writes the table itself (I1).
  it('when the sink is paused, then a POST answers 202 with a Location and is listed once it resumes', async () => {
    const userId = uniqueId('paused-sink');
    await connect.pause(sink);
    let placed: Awaited<ReturnType<typeof postOrder>>;
    try {
      await waitUntil('the sink and its task to be PAUSED', () => sinkIs('PAUSED'), { timeoutMs: 30_000 });
      placed = await postOrder(service, userId);
      expect(placed.status).toBe(202);
      expect(placed.headers.get('location')).toBe(`/order-service/${userId}/orders`);
      expect(placed.body).toMatchObject({ qty: 10, unitPrice: 900, totalPrice: 9000 });
      // Durable in Kafka, but nobody wrote it to the table: order-service did not write it either.
      expect(await getOrders(service, userId)).toEqual([]);
    } finally {
      await connect.resume(sink);
    }

    const listed = await waitUntilListed(service, userId, 'the order written by the resumed sink');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ orderId: placed.body.orderId, totalPrice: 9000 });
  });
});
