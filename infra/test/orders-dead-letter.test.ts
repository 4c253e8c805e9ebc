import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildKafkaOrderDto } from '@order-platform/order-contracts';
import { ConnectClient } from '../src/connect-client.js';
import { collectMessages, uniqueId, waitUntil } from '@order-platform/test-kit';
import { useSinkTestFixture } from './support/sink-test-fixture.js';

const fixture = useSinkTestFixture('orders-dlq-test');
const { config, kafka } = fixture;

const field = (type: string, name: string) => ({ type, optional: false, field: name });

describe('records the sink cannot convert', () => {
  it.each([
    ['not JSON at all', 'this is not json {'],
    ['JSON without the schema envelope', '{"order_id":"x","qty":1}'],
    [
      'an envelope whose struct has no order_id',
      JSON.stringify({
        schema: { type: 'struct', fields: [field('int32', 'qty')], optional: false, name: 'orders' },
        payload: { qty: 1 },
      }),
    ],
    [
      'an envelope with a field the table cannot hold (a struct as qty)',
      JSON.stringify({
        schema: {
          type: 'struct',
          fields: [
            field('string', 'order_id'),
            { type: 'struct', optional: true, field: 'qty', fields: [{ type: 'int32', optional: true, field: 'n' }] },
          ],
          optional: false,
          name: 'orders',
        },
        payload: { order_id: 'struct-qty', qty: { n: 1 } },
      }),
    ],
  ])(
    'when the value is %s, then it is dead-lettered, the connector stays RUNNING and the next good record is stored',
    async (_what, badValue) => {
      const badKey = uniqueId('poison');
      const userId = uniqueId('after-poison');
      const good = {
        orderId: randomUUID(),
        userId,
        productId: 'CATALOG-0001',
        qty: 1,
        unitPrice: 1500,
        totalPrice: 1500,
        createdAt: Date.now(),
      };
      // Same key, so the same partition: the good record is behind the bad one.
      await fixture.producer.send({ topic: config.ORDERS_TOPIC, messages: [{ key: badKey, value: badValue }] });
      await fixture.producer.send({
        topic: config.ORDERS_TOPIC,
        messages: [{ key: badKey, value: JSON.stringify(buildKafkaOrderDto(good)) }],
      });

      const dlq = await collectMessages(kafka, config.ORDERS_DLQ_TOPIC);
      try {
        const dead = await waitUntil(
          'the bad record in the dead-letter topic',
          () => dlq.messages.find((message) => message.key === badKey),
          {
            timeoutMs: 30_000,
          },
        );
        expect(dead.value).toBe(badValue);
        // Connect's error context headers say where it came from and why.
        expect(dead.headers['__connect.errors.topic']).toBe(config.ORDERS_TOPIC);
        expect(dead.headers['__connect.errors.exception.class.name']).toMatch(/DataException/);
      } finally {
        await dlq.stop();
      }

      const rows = await waitUntil(
        'the good record after the bad one',
        async () => {
          const found = await fixture.db('orders').where({ user_id: userId });
          return found.length ? found : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ order_id: good.orderId, total_price: 1500 });

      const status = await new ConnectClient(config.CONNECT_URL).status(config.ORDERS_SINK_CONNECTOR);
      expect(status.connector.state).toBe('RUNNING');
      expect(status.tasks.every((task) => task.state === 'RUNNING')).toBe(true);
    },
  );
});
