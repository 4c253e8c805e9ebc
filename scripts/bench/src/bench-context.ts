import type { Kafka } from 'kafkajs';
import type { InfraConfig } from '@order-platform/infra';
import type { Database as Knex } from './database.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchSystem } from './bench-system.js';
import type { ProcessSampler } from './process-sampler.js';

/** What every scenario gets from the runner. */
export interface BenchContext {
  runId: string;
  options: BenchOptions;
  system: BenchSystem;
  sampler: ProcessSampler;
  kafka: Kafka;
  /** The database server (no default database). */
  server: Knex;
  /** mydb: the orders table the sink writes. */
  ordersDb: Knex;
  ordersTopic: string;
  /** The database of the run's orders pipeline (its own copy of mydb). */
  ordersDatabase: string;
  infra: InfraConfig;
  say(message: string): void;
}

/** Before a load run: wait for a lull when --quiet-wait asks for it. */
export async function settle(context: BenchContext): Promise<void> {
  if (context.options.quietWaitS <= 0) return;
  const waited = await context.sampler.waitQuiet(context.options.quietWaitS, 0.3);
  if (waited > 2.5) context.say(`  (waited ${waited} s for other processes to quiet down)`);
}

/** Polls `check` until it returns a value, or gives up after `timeoutMs` (undefined then). */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Rows the sink wrote for users whose id starts with `prefix` (the index on user_id serves it).
 * Every 2xx order must end up there: the runner waits for them before the next run.
 */
export async function rowsOfUsers(ordersDb: Knex, prefix: string): Promise<number> {
  const [row] = (await ordersDb('orders').count({ n: '*' }).where('user_id', 'like', `${prefix}%`)) as Array<{
    n: number | string;
  }>;
  return Number(row?.n ?? 0);
}

/** Waits until the sink has written at least `expected` rows of the prefix; the count it saw. */
export async function waitForSink(
  context: BenchContext,
  prefix: string,
  expected: number,
  timeoutMs = 180_000,
): Promise<{ rows: number; caughtUp: boolean }> {
  let rows = 0;
  const done = await pollUntil(
    async () => {
      rows = await rowsOfUsers(context.ordersDb, prefix);
      return rows >= expected ? true : undefined;
    },
    timeoutMs,
    250,
  );
  return { rows, caughtUp: done === true };
}
