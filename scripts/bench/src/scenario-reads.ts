import { Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { orderRecords } from '@order-platform/order-contracts';
import { waitForSink, type BenchContext } from './bench-context.js';
import { runMeasuredLoad, type MeasuredLoad } from './load.js';

export interface ReadRun {
  orders: number;
  connections: number;
  bytes: number;
  load: MeasuredLoad;
  /** The same GET straight to one instance (at the highest connection count only): what the gateway adds. */
  direct?: MeasuredLoad;
}

/**
 * Scenario 4: GET /order-service/{userId}/orders through the gateway for users with 10, 100 and
 * 1,000 orders (seeded by seedUsers), and straight to one instance for comparison.
 */
export async function readsScenario(context: BenchContext): Promise<ReadRun[]> {
  const { options, system } = context;
  const users = new Map(options.readSizes.map((size) => [size, `bench-${context.runId}-r${size}`]));
  await seedUsers(context, users);

  const runs: ReadRun[] = [];
  for (const size of options.readSizes) {
    const path = `/order-service/${users.get(size)}/orders`;
    const body = await (await fetch(`${system.gatewayUrl}${path}`)).text();
    const listed = (JSON.parse(body) as unknown[]).length;
    if (listed !== size) throw new Error(`GET ${path} listed ${listed} orders, not ${size}`);
    for (const connections of options.readConnections) {
      context.say(`reads: a user with ${size} orders (${body.length} bytes), ${connections} connections`);
      const read = (url: string) =>
        runMeasuredLoad(context, {
          url,
          method: 'GET',
          path,
          connections,
          durationS: options.durationS,
          warmupS: options.warmupS,
        });
      const load = await read(system.gatewayUrl);
      context.say(
        `  ${load.rps} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms ` +
          `(others used ${load.othersCpuCores} cores)`,
      );
      let direct: MeasuredLoad | undefined;
      if (connections === Math.max(...options.readConnections)) {
        direct = await read(system.instanceUrl(0));
        context.say(
          `  straight to one instance: ${direct.rps} req/s, ` +
            `p50 ${direct.latencyMs.p50} ms, p99 ${direct.latencyMs.p99} ms`,
        );
      }
      runs.push({ orders: size, connections, bytes: body.length, load, direct });
    }
  }
  return runs;
}

/**
 * Gives each user its number of orders: produced straight to the run's orders topic in the seed's
 * format (as any producer may) and written by the real sink; waits until they are all in the table.
 */
export async function seedUsers(context: BenchContext, users: Map<number, string>): Promise<void> {
  const producer = context.kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const [size, userId] of users) {
      const now = Date.now();
      const messages = Array.from({ length: size }, (_, i) => {
        const order = {
          orderId: randomUUID(),
          userId,
          productId: `CATALOG-000${(i % 3) + 1}`,
          qty: 1 + (i % 5),
          unitPrice: 900,
          totalPrice: 900 * (1 + (i % 5)),
          createdAt: now - size + i,
        };
        return orderRecords(order).orders;
      });
      for (let start = 0; start < messages.length; start += 500) {
        await producer.send({ topic: context.ordersTopic, acks: -1, messages: messages.slice(start, start + 500) });
      }
    }
  } finally {
    await producer.disconnect();
  }
  for (const [size, userId] of users) {
    const sink = await waitForSink(context, userId, size);
    if (!sink.caughtUp) throw new Error(`the sink wrote ${sink.rows} of the ${size} orders of ${userId}`);
  }
}
