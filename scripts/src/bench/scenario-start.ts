import { spawn } from 'node:child_process';
import { pollUntil, type BenchContext } from './bench-context.js';
import { BenchSystem } from './bench-system.js';
import { HOST, repoRoot } from '../platform.js';
import { findFreePort } from '../ports.js';
import { round } from './stats.js';

export interface StartResult {
  /** Seconds from running `pnpm start` to the first 201 through the gateway, per run. */
  runs: number[];
  /** The last run (the earlier ones warmed the caches). */
  seconds: number;
}

/**
 * Scenario 6: `pnpm start` exactly as a developer types it (infrastructure already up, caches
 * warm), on ports of its own, until a POST through the gateway first answers 201; then Ctrl-C
 * (SIGINT to its process group, as a terminal sends it) and a wait for the clean stop.
 */
export async function startScenario(context: BenchContext): Promise<StartResult> {
  const resources = BenchSystem.catalogResources(context.runId, 'start');
  await context.system.createCatalogResources(resources);
  const runs: number[] = [];
  for (let run = 1; run <= context.options.startRuns; run++) {
    const gateway = await findFreePort(41_000, { host: HOST });
    const registry = await findFreePort(gateway + 1, { host: HOST });
    const catalog = await findFreePort(registry + 1, { host: HOST });
    const base = await findFreePort(catalog + 1, { host: HOST });
    const env = {
      ...process.env,
      GATEWAY_PORT: String(gateway),
      REGISTRY_PORT: String(registry),
      CATALOG_PORT: String(catalog),
      ORDER_BASE_PORT: String(base),
      ORDER_INSTANCES: '2',
      CATALOG_TOPIC: resources.topic,
      CATALOG_DLQ_TOPIC: resources.dlq,
      CATALOG_GROUP_ID: `${resources.groupId}-${run}`,
      CATALOG_DB: resources.database,
      NO_COLOR: '1',
    };
    context.say(`start: pnpm start, run ${run} of ${context.options.startRuns}`);
    const startedAt = performance.now();
    const child = spawn('pnpm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    const body = JSON.stringify({ productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 });
    const created = await pollUntil(async () => {
      if (exitedEarly) throw new Error('exited');
      const response = await fetch(`http://${HOST}:${gateway}/order-service/bench-${context.runId}-start/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      return response.status === 201 ? performance.now() : undefined;
    }, 180_000, 100);
    if (child.pid !== undefined && !exitedEarly) process.kill(-child.pid, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 90_000))]);
    if (code === 'timeout' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    if (created === undefined) throw new Error(`pnpm start gave no 201 within 180 s (exit ${code}); last output:\n${output}`);
    const seconds = round((created - startedAt) / 1000, 2);
    context.say(`  first 201 after ${seconds} s; pnpm start stopped (${code === 'timeout' ? 'still running after 90 s' : `exit ${code}`})`);
    runs.push(seconds);
  }
  return { runs, seconds: runs.at(-1)! };
}
