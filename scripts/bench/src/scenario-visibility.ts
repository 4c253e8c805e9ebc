import { settle, type BenchContext } from './bench-context.js';
import { ORDER_BODIES } from './scenario-orders.js';
import type { VisibilityResult, VisibilitySpec } from './visibility-worker.js';
import { runWorker } from './worker-process.js';

export type { VisibilityResult };

/**
 * Scenario 3: at half the peak order rate, how long from a POST's answer until a GET through
 * the gateway (any instance) lists the order. A 201 promises it already is; a 202 says the sink
 * is behind, and this measures by how much.
 */
export async function visibilityScenario(
  context: BenchContext,
  peakOrdersPerSec: number,
): Promise<VisibilityResult & { othersCpuCores: number }> {
  const ratePerSec = Math.max(1, peakOrdersPerSec / 2);
  context.say(`visibility: ${Math.round(ratePerSec)} orders/s (half the peak), each read back until listed`);
  const spec: VisibilitySpec = {
    url: context.system.gatewayUrl,
    prefix: `bench-${context.runId}-v-`,
    users: 1000,
    ratePerSec,
    durationS: context.options.durationS,
    bodies: ORDER_BODIES,
    pollMs: 5,
    giveUpMs: 30_000,
  };
  await settle(context);
  const { result: measured, othersCpuCores } = await context.sampler.measure(() =>
    runWorker<VisibilityResult>(new URL('./visibility-worker.ts', import.meta.url), spec, {
      timeoutMs: spec.durationS * 1000 + 180_000,
    }),
  );
  // The prober's own CPU is counted with the others here (it is a light open-loop client).
  const result = { ...measured, othersCpuCores };
  context.say(
    `  answer -> readable p50 ${result.answerToVisibleMs.p50} ms, p99 ${result.answerToVisibleMs.p99} ms; ` +
      `send -> readable p99 ${result.sendToVisibleMs.p99} ms; statuses ${JSON.stringify(result.statusCounts)}`,
  );
  return result;
}
