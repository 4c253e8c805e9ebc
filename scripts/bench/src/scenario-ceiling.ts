import type { BenchContext } from './bench-context.js';
import { runMeasuredLoad, type MeasuredLoad } from './load.js';
import { findNginx, startNginx, type RunningNginx } from './nginx-yardstick.js';
import { round } from './stats.js';

export interface CeilingRun {
  connections: number;
  throughGateway: MeasuredLoad;
  /** The same load through nginx in front of the same instances; absent without nginx. */
  throughNginx?: MeasuredLoad;
  direct: MeasuredLoad;
  overhead: number;
  /** Gateway ÷ nginx requests/s (1 = as fast as nginx). */
  toNginx?: number;
}

export interface CeilingResult {
  instances: number;
  path: string;
  /** Why there is no nginx run, when there is none. */
  nginxMissing?: string;
  runs: CeilingRun[];
}

/**
 * Scenario 1: the machine's ceiling for this platform. A trivial upstream route (health_check,
 * no Kafka, no database) through the gateway, through nginx (the yardstick a proxy is held to:
 * one worker, keep-alive upstream, the same instances) and straight to one instance, at the
 * connection counts of the order runs. `overhead` is direct ÷ through-gateway requests/s.
 */
export async function ceilingScenario(context: BenchContext): Promise<CeilingResult> {
  const { options, system } = context;
  const path = '/order-service/health_check';
  const binary = findNginx();
  let nginx: RunningNginx | undefined;
  let nginxMissing: string | undefined;
  if (!binary) {
    nginxMissing = 'nginx is not installed (apt-get install nginx-light); no yardstick in this run';
    context.say(`ceiling: ${nginxMissing}`);
  } else {
    nginx = await startNginx(binary, system.instancePorts(), 30_900);
    context.sampler.watch('nginx', nginx.pid);
  }
  const runs: CeilingRun[] = [];
  try {
    for (const connections of options.connections) {
      const base = {
        method: 'GET' as const,
        path,
        connections,
        durationS: options.durationS,
        warmupS: options.warmupS,
      };
      const measure = async (label: string, url: string) => {
        context.say(`ceiling: health_check ${label}, ${connections} connections`);
        const load = await runMeasuredLoad(context, { ...base, url });
        context.say(`  ${load.rps} req/s, p99 ${load.latencyMs.p99} ms (others used ${load.othersCpuCores} cores)`);
        return load;
      };
      const throughGateway = await measure('through the gateway', system.gatewayUrl);
      const throughNginx = nginx ? await measure('through nginx', nginx.url) : undefined;
      const direct = await measure('straight to one instance', system.instanceUrl(0));
      runs.push({
        connections,
        throughGateway,
        throughNginx,
        direct,
        overhead: round(direct.rps / throughGateway.rps, 2),
        toNginx: throughNginx ? round(throughGateway.rps / throughNginx.rps, 2) : undefined,
      });
    }
  } finally {
    context.sampler.forget('nginx');
    await nginx?.stop();
  }
  return { instances: system.instances, path, nginxMissing, runs };
}
