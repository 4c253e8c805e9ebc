import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { down, loadInfraConfig, silentProgress } from '@order-platform/infra';
import { pollUntil, type BenchContext } from './bench-context.js';
import { repoRoot } from '@order-platform/command-kit';
import { HOST, catalogResourcesEnv, findFreePort } from '@order-platform/platform-harness';
import { BenchSystem } from './bench-system.js';
import { round } from './stats.js';

export interface StartResult {
  /** `pnpm start` with Kafka and Connect already up: seconds to the first 201, per run (the first warms caches). */
  servicesOnly: number[];
  /**
   * `pnpm start` with Kafka and Connect stopped (jars cached): the first run formats a new storage,
   * the next ones start from it.
   */
  wholeSystem: number[];
  /** The reference: the last whole-system run, i.e. a developer's second `pnpm start` after `pnpm infra:down`. */
  seconds: number;
}

/**
 * Scenario 6: `pnpm start` exactly as a developer types it, until a POST through the gateway
 * first answers 201; then Ctrl-C (SIGINT to its process group, as a terminal sends it) and a wait
 * for the clean stop. Twice over: with the shared Kafka and Connect up (only the services start),
 * and with a private broker and worker that are stopped (pnpm start brings them up too), on ports,
 * a state directory and databases of their own that are removed afterwards.
 */
export async function startScenario(context: BenchContext): Promise<StartResult> {
  const resources = BenchSystem.catalogResources(context.runId, 'start');
  await context.system.createCatalogResources(resources);
  const servicesOnly: number[] = [];
  for (let run = 1; run <= context.options.startRuns; run++) {
    context.say(`start: pnpm start with Kafka and Connect up, run ${run} of ${context.options.startRuns}`);
    servicesOnly.push(
      await timeStart(context, { ...catalogResourcesEnv(resources), CATALOG_GROUP_ID: `${resources.groupId}-${run}` }),
    );
  }

  const broker = await findFreePort(42_000, { host: HOST });
  const controller = await findFreePort(broker + 1, { host: HOST });
  const connect = await findFreePort(controller + 1, { host: HOST });
  const privateEnv = {
    KAFKA_BROKERS: `${HOST}:${broker}`,
    KAFKA_CONTROLLER_PORT: String(controller),
    CONNECT_URL: `http://${HOST}:${connect}`,
    INFRA_STATE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `bench-start-${context.runId}-`)),
    ORDERS_DB: `mydb_bench_start_${context.runId}`,
    CATALOG_DB: `catalogdb_bench_start_private_${context.runId}`,
  };
  const privateInfra = loadInfraConfig({ ...process.env, ...privateEnv });
  const wholeSystem: number[] = [];
  try {
    for (let run = 1; run <= context.options.wholeStartRuns; run++) {
      context.say(
        `start: pnpm start with Kafka and Connect stopped ` +
          `(${run === 1 ? 'new storage' : 'storage of the previous run'}), ` +
          `run ${run} of ${context.options.wholeStartRuns}`,
      );
      wholeSystem.push(await timeStart(context, privateEnv));
      // pnpm start leaves the infrastructure running, as it says; infra:down is the developer's next step.
      await down(privateInfra, silentProgress);
    }
  } finally {
    await down(privateInfra, silentProgress).catch(() => undefined);
    fs.rmSync(privateEnv.INFRA_STATE_DIR, { recursive: true, force: true });
    for (const db of [privateEnv.ORDERS_DB, privateEnv.CATALOG_DB])
      await context.server.raw('DROP DATABASE IF EXISTS ??', [db]).catch(() => undefined);
  }
  return { servicesOnly, wholeSystem, seconds: wholeSystem.at(-1)! };
}

/** One `pnpm start` on free ports with `env` over ours: seconds to the first 201 through the gateway. */
async function timeStart(context: BenchContext, env: Record<string, string>): Promise<number> {
  const gateway = await findFreePort(41_000, { host: HOST });
  const registry = await findFreePort(gateway + 1, { host: HOST });
  const catalog = await findFreePort(registry + 1, { host: HOST });
  const console = await findFreePort(catalog + 1, { host: HOST });
  const base = await findFreePort(console + 1, { host: HOST });
  const ports = {
    GATEWAY_PORT: String(gateway),
    REGISTRY_PORT: String(registry),
    CATALOG_PORT: String(catalog),
    CONSOLE_PORT: String(console),
    ORDER_BASE_PORT: String(base),
  };
  const startedAt = performance.now();
  const child = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, ...ports, ORDER_INSTANCES: '2', NO_COLOR: '1', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  const body = JSON.stringify({ productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 });
  const created = await pollUntil(
    async () => {
      if (exitedEarly) throw new Error('exited');
      const response = await fetch(`http://${HOST}:${gateway}/order-service/bench-${context.runId}-start/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      return response.status === 201 ? performance.now() : undefined;
    },
    180_000,
    100,
  );
  if (child.pid !== undefined && !exitedEarly) process.kill(-child.pid, 'SIGINT');
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 90_000)),
  ]);
  if (code === 'timeout' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  if (created === undefined)
    throw new Error(`pnpm start gave no 201 within 180 s (exit ${code}); last output:\n${output}`);
  const seconds = round((created - startedAt) / 1000, 2);
  context.say(
    `  first 201 after ${seconds} s; ` +
      `pnpm start stopped (${code === 'timeout' ? 'still running after 90 s' : `exit ${code}`})`,
  );
  return seconds;
}
