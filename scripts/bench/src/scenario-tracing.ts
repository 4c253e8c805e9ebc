import { BenchSystem } from './bench-system.js';
import type { BenchContext } from './bench-context.js';
import { orderRun, type OrderRun } from './scenario-orders.js';
import { round } from './stats.js';

/** The tracing settings compared, by the standard OpenTelemetry variables every service reads. */
export const TRACING_MODES = {
  off: { OTEL_SDK_DISABLED: 'true' },
  on: { OTEL_SDK_DISABLED: 'false', OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  sampled10: {
    OTEL_SDK_DISABLED: 'false',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.1',
  },
} as const;
export type TracingMode = keyof typeof TRACING_MODES;

export interface TracingRun {
  mode: TracingMode;
  round: number;
  ordersPerSec: number;
  p99Ms: number;
  /** CPU of the gateway, the instances and catalog-service per order placed, in ms. */
  nodeCpuMsPerOrder: number;
}

export interface TracingResult {
  connections: number;
  runs: TracingRun[];
  /** Best orders/s of each mode, and its ratio to tracing off. */
  best: Record<TracingMode, { ordersPerSec: number; ratioToOff: number; nodeCpuMsPerOrder: number }>;
}

/**
 * Scenario 8: what tracing costs. A platform of its own (gateway, 2 instances, catalog-service, on
 * the run's orders pipeline) per mode, restarted with each setting. Each round starts one mode later
 * (3 rounds: each mode once first, once last), so that a warmer broker or a busy minute does not
 * favour one. Spans go to the Zipkin that `pnpm infra:up` runs.
 */
export async function tracingScenario(context: BenchContext, rounds = 3): Promise<TracingResult> {
  const connections = Math.max(...context.options.connections);
  const runs: TracingRun[] = [];
  const modes = Object.keys(TRACING_MODES) as TracingMode[];
  for (let pass = 1; pass <= rounds; pass++) {
    // Each round starts one mode later, so that no mode always runs first (coldest) or last.
    const order = modes.map((_, index) => modes[(index + pass - 1) % modes.length]!);
    for (const mode of order) {
      context.say(`tracing ${mode}, round ${pass}: a platform of its own with ${JSON.stringify(TRACING_MODES[mode])}`);
      runs.push({ mode, round: pass, ...(await measureMode(context, mode, pass, connections)) });
    }
  }
  const best = Object.fromEntries(
    (Object.keys(TRACING_MODES) as TracingMode[]).map((mode) => {
      const top = runs.filter((run) => run.mode === mode).sort((a, b) => b.ordersPerSec - a.ordersPerSec)[0]!;
      return [mode, { ordersPerSec: top.ordersPerSec, nodeCpuMsPerOrder: top.nodeCpuMsPerOrder, ratioToOff: 0 }];
    }),
  ) as TracingResult['best'];
  for (const mode of Object.keys(best) as TracingMode[])
    best[mode].ratioToOff = round(best[mode].ordersPerSec / best.off.ordersPerSec, 3);
  return { connections, runs, best };
}

async function measureMode(context: BenchContext, mode: TracingMode, pass: number, connections: number) {
  const runId = `${context.runId}t${mode}${pass}`;
  const system = new BenchSystem({
    runId,
    infra: context.infra,
    orders: { topic: context.ordersTopic, database: context.ordersDatabase },
    env: TRACING_MODES[mode],
    firstPort: 30_500,
  });
  const names: string[] = [];
  try {
    await system.start(2);
    await context.server(`${system.catalog.database}.catalog`).update({ stock: 1_000_000_000 });
    for (const { name, pid } of system.processes()) {
      names.push(`tracing ${name}`);
      context.sampler.watch(`tracing ${name}`, pid);
    }
    const run: OrderRun = await orderRun({ ...context, runId, system }, connections);
    const placed = run.ordersPerSec * run.load.durationS;
    const cpuCores = names.reduce((sum, name) => sum + (run.usage[name]?.cpuCores ?? 0), 0);
    return {
      ordersPerSec: run.ordersPerSec,
      p99Ms: run.load.latencyMs.p99,
      nodeCpuMsPerOrder: placed > 0 ? round((cpuCores * run.load.durationS * 1000) / placed, 3) : 0,
    };
  } finally {
    for (const name of names) context.sampler.forget(name);
    await system.stop();
    await system.dropCatalogResources();
  }
}
