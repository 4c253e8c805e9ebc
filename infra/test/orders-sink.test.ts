import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildKafkaOrderDto, type Order } from '@order-platform/order-contracts';
import { ConnectClient } from '../src/connect-client.js';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { useSinkTestFixture } from './support/sink-test-fixture.js';

const fixture = useSinkTestFixture('orders-sink-test');
const { config } = fixture;

function order(userId: string, overrides: Partial<Order> = {}): Order {
  return {
    orderId: randomUUID(),
    userId,
    productId: 'CATALOG-0002',
    qty: 10,
    unitPrice: 900,
    totalPrice: 9000,
    createdAt: Date.UTC(2022, 6, 29, 17, 0, 27, 25),
    ...overrides,
  };
}

const rowsOf = (userId: string) => fixture.db('orders').where({ user_id: userId }).orderBy('created_at');
type Row = Awaited<ReturnType<typeof rowsOf>>[number];

/** Waits until the user's rows satisfy `done`, and returns them. */
const rowsWhen = (what: string, userId: string, done: (rows: Row[]) => boolean) =>
  waitUntil(
    what,
    async () => {
      const found = await rowsOf(userId);
      return done(found) ? found : undefined;
    },
    { timeoutMs: 30_000 },
  );

const produce = (key: string, value: Order) =>
  fixture.producer.send({
    topic: config.ORDERS_TOPIC,
    messages: [{ key, value: JSON.stringify(buildKafkaOrderDto(value)) }],
  });

describe(`the ${config.ORDERS_SINK_CONNECTOR} connector`, () => {
  it("when a record in the seed's exact KafkaOrderDto format is produced, then it is in the orders table", async () => {
    const userId = uniqueId('sink-seed');
    const seedOrder = order(userId);
    const value = JSON.stringify(buildKafkaOrderDto(seedOrder, { withCreatedAt: false }));
    expect(value).not.toContain('created_at');

    await fixture.producer.send({ topic: config.ORDERS_TOPIC, messages: [{ key: seedOrder.orderId, value }] });

    const [row] = await waitUntil(
      'the order row',
      async () => ((await rowsOf(userId)).length ? await rowsOf(userId) : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    expect(row).toMatchObject({
      order_id: seedOrder.orderId,
      user_id: userId,
      product_id: 'CATALOG-0002',
      qty: 10,
      unit_price: 900,
      total_price: 9000,
    });
    // Without created_at in the record, the table's default stamps the insert time.
    expect(Math.abs((row.created_at as Date).getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('when the same order is produced twice, then it is one row, created_at kept to the millisecond', async () => {
    const userId = uniqueId('sink-twice');
    const twice = order(userId);
    const record = { key: twice.orderId, value: JSON.stringify(buildKafkaOrderDto(twice)) };
    await fixture.producer.send({ topic: config.ORDERS_TOPIC, messages: [record] });
    await fixture.producer.send({ topic: config.ORDERS_TOPIC, messages: [record] });
    // A marker order produced after both copies, to the same partition (same key): once it is in
    // the table, the sink has processed both copies.
    const marker = order(userId, { createdAt: twice.createdAt + 1 });
    await produce(twice.orderId, marker);

    const rows = await rowsWhen('both orders', userId, (found) => found.length >= 2);
    expect(rows.map((row) => row.order_id)).toEqual([twice.orderId, marker.orderId]);
    expect((rows[0].created_at as Date).toISOString()).toBe('2022-07-29T17:00:27.025Z');
  });

  it('when an order id is redelivered with other values, then the row is updated in place (upsert)', async () => {
    const userId = uniqueId('sink-upsert');
    const first = order(userId);
    await produce(first.orderId, first);
    await rowsWhen('the first version', userId, (found) => found.length === 1);

    const second = { ...first, qty: 11, totalPrice: 9900 };
    await produce(first.orderId, second);
    const rows = await rowsWhen('the updated row', userId, (found) => found[0]?.qty === 11);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ order_id: first.orderId, qty: 11, total_price: 9900 });
  });

  it('when the records are in, then the connector and its task are RUNNING', async () => {
    const status = await new ConnectClient(config.CONNECT_URL).status(config.ORDERS_SINK_CONNECTOR);
    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks.map((task) => task.state)).toEqual(['RUNNING']);
  });
});
