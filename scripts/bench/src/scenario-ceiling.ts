import type { BenchContext } from './bench-context.js';
import { runMeasuredLoad, type MeasuredLoad } from './load.js';
import { round } from './stats.js';

export interface CeilingResult {
  instances: number;
  path: string;
  runs: Array<{ connections: number; throughGateway: MeasuredLoad; direct: MeasuredLoad; overhead: number }>;
}

/**
 * Scenario 1: the machine's ceiling for this platform. A trivial upstream route (health_check,
 * no Kafka, no database) through the gateway, and straight to one instance, at the connection
 * counts of the order runs. `overhead` is direct / through-gateway requests per second.
 */
export async function ceilingScenario(context: BenchContext): Promise<CeilingResult> {
  const { options, system } = context;
  const path = '/order-service/health_check';
  const runs: CeilingResult['runs'] = [];
  for (const connections of options.connections) {
    const base = { method: 'GET' as const, path, connections, durationS: options.durationS, warmupS: options.warmupS };
    context.say(`ceiling: health_check through the gateway, ${connections} connections`);
    const throughGateway = await runMeasuredLoad(context, { ...base, url: system.gatewayUrl });
    context.say(
      `  ${throughGateway.rps} req/s, p99 ${throughGateway.latencyMs.p99} ms ` +
        `(others used ${throughGateway.othersCpuCores} cores); now straight to one instance`,
    );
    const direct = await runMeasuredLoad(context, { ...base, url: system.instanceUrl(0) });
    context.say(`  ${direct.rps} req/s, p99 ${direct.latencyMs.p99} ms (others used ${direct.othersCpuCores} cores)`);
    runs.push({ connections, throughGateway, direct, overhead: round(direct.rps / throughGateway.rps, 2) });
  }
  return { instances: system.instances, path, runs };
}
