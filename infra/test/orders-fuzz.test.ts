import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKafkaOrderDto } from '@order-platform/order-contracts';
import { ConnectClient } from '../src/connect-client.js';
import { endOffsets, readRawTopic, uniqueId, waitUntil } from '@order-platform/test-kit';
import { useSinkTestFixture } from './support/sink-test-fixture.js';
import { sinkFuzzRecord, type ExpectedRow, type SinkFuzzRecord } from './support/sink-fuzz-records.js';

/**
 * Hostile records on the real `orders` topic, read by the real sink: arbitrary bytes, JSON of any
 * shape, and schema+payload envelopes whose fields are missing, null, of the wrong type, fractions,
 * beyond int32, too long or out of range. Each record's fate is predicted (support/sink-fuzz-records.ts):
 * a dead letter in orders.dlq with Connect's error headers, or exactly one row with exactly the
 * predicted values. The connector and its task must stay RUNNING throughout.
 * FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_COUNT=<n> runs more records.
 */
const fixture = useSinkTestFixture('orders-fuzz-test');
const { config, kafka } = fixture;
const connect = new ConnectClient(config.CONNECT_URL);
const seed = Number(process.env.FUZZ_SEED || 20_260_707);
const COUNT = Number(process.env.FUZZ_COUNT || 300);
const run = uniqueId('fz').replace('-', '');

afterAll(async () => {
  // A record that failed the task would block the topic for every later test: restart it.
  const status = await connect.status(config.ORDERS_SINK_CONNECTOR).catch(() => undefined);
  if (status && (status.connector.state === 'FAILED' || status.tasks.some((task) => task.state === 'FAILED'))) {
    await connect.restart(config.ORDERS_SINK_CONNECTOR).catch(() => undefined);
  }
  await fixture
    .db('orders')
    .whereRaw('LEFT(order_id, ?) = ?', [run.length + 1, `${run}.`])
    .delete();
});

const ROW_COLUMNS = ['order_id', 'user_id', 'product_id', 'qty', 'unit_price', 'total_price', 'created_at'] as const;

describe('the orders sink under hostile records', () => {
  it(
    `when ${COUNT} generated records of every shape are produced, then each bad one is in orders.dlq, ` +
      'each valid one is one row as predicted, and the connector stays RUNNING',
    { timeout: 120_000 },
    async () => {
      const cases: SinkFuzzRecord[] = fc
        .sample(sinkFuzzRecord(run), { seed, numRuns: COUNT })
        .map((at, index) => at(index));
      const dead = cases.filter((record) => record.expected.outcome === 'dead-letter').length;
      console.info(
        `[orders-fuzz] seed ${seed} (FUZZ_SEED to replay), run ${run}: ${cases.length} records, ` +
          `${dead} predicted dead letters, ${cases.length - dead} predicted rows`,
      );

      const partitions = (await fixture.admin.fetchTopicOffsets(config.ORDERS_TOPIC)).length;
      const dlqStart = await endOffsets(fixture.admin, config.ORDERS_DLQ_TOPIC);
      const dlq = await readRawTopic(kafka, config.ORDERS_DLQ_TOPIC, {
        groupId: uniqueId('fuzz-tail'),
        from: dlqStart,
      });
      const started = Date.now();
      try {
        const key = (index: number) => `${run}-k${index}`;
        // Spread over every partition; then one good marker per partition, behind everything on it.
        await fixture.producer.send({
          topic: config.ORDERS_TOPIC,
          messages: cases.map((record, index) => ({
            key: key(index),
            value: record.value,
            partition: index % partitions,
          })),
        });
        const markers = Array.from({ length: partitions }, (_, partition) => ({
          orderId: `${run}.marker-${partition}`,
          userId: `${run}-marker`,
          productId: 'CATALOG-0001',
          qty: 1,
          unitPrice: 1500,
          totalPrice: 1500,
          createdAt: Date.now(),
        }));
        await fixture.producer.send({
          topic: config.ORDERS_TOPIC,
          messages: markers.map((order, partition) => ({
            key: `${run}-marker`,
            value: JSON.stringify(buildKafkaOrderDto(order)),
            partition,
          })),
        });

        await waitUntil(
          'every marker in the table (the sink is past every fuzz record)',
          async () => {
            const status = await connect.status(config.ORDERS_SINK_CONNECTOR);
            const failed = status.tasks.find((task) => task.state === 'FAILED');
            if (failed) throw new Error(`the sink task FAILED: ${failed.trace?.split('\n').slice(0, 3).join(' ')}`);
            const found = await fixture
              .db('orders')
              .whereIn(
                'order_id',
                markers.map((order) => order.orderId),
              )
              .count({ n: '*' });
            return Number(found[0]!.n) === partitions;
          },
          { timeoutMs: 90_000, intervalMs: 250 },
        );

        const expectedDead = cases.flatMap((record, index) =>
          record.expected.outcome === 'dead-letter' ? [key(index)] : [],
        );
        await waitUntil(
          'every predicted dead letter in orders.dlq',
          () => {
            const keys = new Set(dlq.messages.map((record) => record.key?.toString()));
            return expectedDead.every((k) => keys.has(k));
          },
          { timeoutMs: 30_000 },
        ).catch(() => undefined); // the comparison below names what is missing
        console.info(`[orders-fuzz] sink settled ${Date.now() - started} ms after the first send`);

        const rows = await fixture
          .db('orders')
          .select(...ROW_COLUMNS)
          .whereRaw('LEFT(order_id, ?) = ?', [run.length + 1, `${run}.`]);
        const rowsById = new Map<string, Record<string, unknown>[]>();
        for (const row of rows)
          rowsById.set(row.order_id as string, [...(rowsById.get(row.order_id as string) ?? []), row]);
        const lettersByKey = new Map<string, typeof dlq.messages>();
        for (const letter of dlq.messages) {
          const k = letter.key?.toString() ?? '';
          if (k.startsWith(`${run}-`)) lettersByKey.set(k, [...(lettersByKey.get(k) ?? []), letter]);
        }

        const mismatches: string[] = [];
        cases.forEach((record, index) => {
          const letters = lettersByKey.get(key(index)) ?? [];
          const shown = record.value === null ? 'null' : JSON.stringify(record.value.toString('utf8').slice(0, 300));
          if (record.expected.outcome === 'dead-letter') {
            const letter = letters[0];
            if (letters.length !== 1)
              mismatches.push(
                `#${index} (${record.expected.why}) ${letters.length} dead letters, expected 1: ${shown}`,
              );
            else if (
              !(letter!.value === null ? record.value === null : record.value?.equals(letter!.value)) ||
              letter!.headers['__connect.errors.topic'] !== config.ORDERS_TOPIC ||
              !letter!.headers['__connect.errors.exception.class.name']
            ) {
              mismatches.push(`#${index} dead letter differs from the record or lacks Connect's headers: ${shown}`);
            }
          } else {
            const want: ExpectedRow = record.expected.row;
            const found = rowsById.get(want.order_id) ?? [];
            if (letters.length)
              mismatches.push(
                `#${index} predicted a row but was dead-lettered ` +
                  `(${letters[0]!.headers['__connect.errors.exception.message']}): ${shown}`,
              );
            else if (found.length !== 1) mismatches.push(`#${index} ${found.length} rows, expected 1: ${shown}`);
            else {
              const { created_at: createdAt, ...rest } = found[0]!;
              const { created_at: wantCreatedAt, ...wantRest } = want;
              const instant = (createdAt as Date).getTime();
              const createdOk =
                wantCreatedAt === 'insert-time'
                  ? Math.abs(instant - Date.now()) < 10 * 60_000
                  : instant === wantCreatedAt;
              if (JSON.stringify(rest) !== JSON.stringify(wantRest) || !createdOk)
                mismatches.push(`#${index} row ${JSON.stringify(found[0])} differs from ${JSON.stringify(want)}`);
            }
            rowsById.delete(want.order_id);
          }
        });
        for (const marker of markers) rowsById.delete(marker.orderId);
        for (const [orderId] of rowsById) mismatches.push(`an unpredicted row ${JSON.stringify(orderId)}`);
        expect(mismatches).toEqual([]);

        const status = await connect.status(config.ORDERS_SINK_CONNECTOR);
        expect(status.connector.state).toBe('RUNNING');
        expect(status.tasks.map((task) => task.state)).toEqual(['RUNNING']);
      } finally {
        await dlq.stop();
      }
    },
  );
});
