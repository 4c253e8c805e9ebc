import { settle, waitForSink, type BenchContext } from './bench-context.js';
import { runLoad, type LoadResult } from './load.js';
import type { WindowUsage } from './process-sampler.js';
import { round } from './stats.js';

export interface OrderRun {
  instances: number;
  connections: number;
  /** 2xx answers per second (201 and 202: both are placed orders). */
  ordersPerSec: number;
  load: LoadResult;
  non2xx: number;
  share202: number;
  /** Rows the sink wrote for the run's users, and whether every 2xx order arrived in time. */
  rowsWritten: number;
  sinkCaughtUp: boolean;
  /** CPU (cores) and peak RSS of every process during the run. */
  usage: Record<string, WindowUsage>;
  /** Cores used meanwhile by processes that are neither the platform nor the load generator. */
  othersCpuCores: number;
}

export const ORDER_BODIES = [
  { productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 },
  { productId: 'CATALOG-0002', qty: 1, unitPrice: 900 },
  { productId: 'CATALOG-0003', qty: 1, unitPrice: 1200 },
].map((body) => JSON.stringify(body));

/**
 * Scenario 2, one run: POST /order-service/{userId}/orders through the gateway (or, `direct`, straight
 * to the first instance: what the gateway and a second instance must at least reach), over 1,000 users
 * of the run's own and the seed's three products. Afterwards it waits until the sink has written
 * every order answered 2xx (a lost order would show here), so runs do not overlap.
 */
export async function orderRun(
  context: BenchContext,
  connections: number,
  path: 'gateway' | 'direct' = 'gateway',
): Promise<OrderRun> {
  const { options, system } = context;
  const instances = path === 'direct' ? 1 : system.instances;
  const prefix = `bench-${context.runId}-o${instances}c${connections}${path === 'direct' ? 'd' : ''}-`;
  const where = path === 'direct' ? 'straight to one instance' : `${instances} instance(s)`;
  context.say(`orders: ${where}, ${connections} connections`);
  await settle(context);
  const {
    result: load,
    usage,
    othersCpuCores,
  } = await context.sampler.measure(() =>
    runLoad(
      {
        url: path === 'direct' ? system.instanceUrl(0) : system.gatewayUrl,
        method: 'POST',
        path: '/order-service/{user}/orders',
        users: { prefix, count: 1000 },
        bodies: ORDER_BODIES,
        connections,
        durationS: options.durationS,
        warmupS: options.warmupS,
      },
      (pid) => context.sampler.watch('load generator', pid),
    ),
  );
  context.sampler.forget('load generator');
  const placed = (load.statusCounts['201'] ?? 0) + (load.statusCounts['202'] ?? 0);
  const ordersPerSec = round(placed / load.durationS);
  context.say(
    `  ${ordersPerSec} orders/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ` +
      `statuses ${JSON.stringify(load.statusCounts)}; ` +
      `other processes used ${round(Math.max(0, othersCpuCores - load.generatorCpuCores), 2)} cores`,
  );
  // The warm-up's orders count too: they went to the same users.
  const sink = await waitForSink(context, prefix, placed);
  if (!sink.caughtUp)
    context.say(`  warning: the sink wrote ${sink.rows} rows, fewer than the ${placed} orders of the measured run`);
  return {
    instances,
    connections,
    ordersPerSec,
    load,
    non2xx: load.non2xx,
    share202: placed ? round((load.statusCounts['202'] ?? 0) / placed, 4) : 0,
    rowsWritten: sink.rows,
    sinkCaughtUp: sink.caughtUp,
    usage,
    othersCpuCores: round(Math.max(0, othersCpuCores - load.generatorCpuCores), 2),
  };
}

/**
 * Unmeasured order load before the first measured run: a broker and Connect worker started a
 * minute ago still run their order path in the JVM's interpreter, and the first runs measured
 * that (2 instances at 16 connections: 360 orders/s cold, 575 warm).
 */
export async function warmUpPipeline(context: BenchContext): Promise<void> {
  const { options, system } = context;
  if (options.pipelineWarmupS <= 0) return;
  context.say(`warming up broker, Connect and MariaDB: ${options.pipelineWarmupS} s of unmeasured orders`);
  await runLoad({
    url: system.gatewayUrl,
    method: 'POST',
    path: '/order-service/{user}/orders',
    users: { prefix: `bench-${context.runId}-warm-`, count: 1000 },
    bodies: ORDER_BODIES,
    connections: Math.max(...options.connections),
    durationS: options.pipelineWarmupS,
    warmupS: 0,
  });
}
