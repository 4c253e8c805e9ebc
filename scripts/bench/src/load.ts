import type { LoadResult, LoadSpec } from './load-spec.js';
import { settle, type BenchContext } from './bench-context.js';
import type { WindowUsage } from './process-sampler.js';
import { round } from './stats.js';
import { runWorker } from './worker-process.js';

export type { LoadResult, LoadSpec };

/** One autocannon run in its own process (see load-worker.ts). */
export function runLoad(spec: LoadSpec, onStart?: (pid: number) => void): Promise<LoadResult> {
  return runWorker<LoadResult>(new URL('./load-worker.ts', import.meta.url), spec, {
    onStart,
    timeoutMs: (spec.durationS + spec.warmupS) * 1000 + 120_000,
  });
}

/** A load run with the noise it met: cores used by processes other than those watched and the generator. */
export type MeasuredLoad = LoadResult & { othersCpuCores: number; usage: Record<string, WindowUsage> };

export async function runMeasuredLoad(context: BenchContext, spec: LoadSpec): Promise<MeasuredLoad> {
  await settle(context);
  const { result, othersCpuCores, usage } = await context.sampler.measure(() => runLoad(spec));
  return { ...result, usage, othersCpuCores: round(Math.max(0, othersCpuCores - result.generatorCpuCores), 2) };
}
