import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectDatabase, createProgress, infraPaths, loadInfraConfig, up } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/infra';
import { createKafka, createLogger, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { loadDotEnv, parseOrExit, repoRoot } from '@order-platform/command-kit';
import { parseBenchOptions, USAGE } from './bench-options.js';
import type { BenchContext } from './bench-context.js';
import { BenchSystem } from './bench-system.js';
import { machineFacts } from './machine.js';
import { ProcessSampler } from './process-sampler.js';
import { bestOrderRun, referenceFigures, targetsMet, type ScenarioResults } from './figures.js';
import { markdownReport } from './markdown-report.js';
import { ceilingScenario } from './scenario-ceiling.js';
import { consumerScenario } from './scenario-consumer.js';
import { orderRun, warmUpPipeline } from './scenario-orders.js';
import { readsScenario } from './scenario-reads.js';
import { startScenario } from './scenario-start.js';
import { visibilityScenario } from './scenario-visibility.js';
import { profileScenario } from './scenario-profile.js';
import { tracingScenario } from './scenario-tracing.js';
import { infraPids } from './infra-pids.js';
import { OrdersPipeline } from './orders-pipeline.js';

/**
 * `pnpm bench`: starts the platform on ports of its own, drives it from separate load-generator
 * processes, and writes bench/results/latest.json (reference figures on top, every scenario's
 * details beside them) plus a dated copy, then prints the markdown table. See BENCHMARKS.md.
 */
// The bench on another Node measures that Node (BENCHMARKS.md compares 20 and the pinned one): say so, don't stop.
warnIfNotPinnedNode('pnpm bench');
loadDotEnv();
const options = parseOrExit('pnpm bench', USAGE, () => {
  const parsed = parseBenchOptions(process.argv.slice(2));
  return parsed.help ? 'help' : parsed;
});

const began = performance.now();
const say = (message: string) =>
  console.log(`[bench ${String(Math.round((performance.now() - began) / 1000)).padStart(4)}s] ${message}`);
const runId = randomBytes(3).toString('hex');
const infra = loadInfraConfig();
await up(
  infra,
  createProgress((line) => say(`infra: ${line}`)),
);
// A short first retry: right after a commit the coordinator answers CONCURRENT_TRANSACTIONS for a few ms.
const kafka = createKafka({
  clientId: `bench-${runId}`,
  brokers: infra.KAFKA_BROKERS,
  logger: createLogger('bench', 'error'),
  retry: { retries: 5, initialRetryTime: 20 },
});
const server = connectDatabase(infra);
const pipeline = new OrdersPipeline(infra, runId, kafka, server);
const ordersDb = connectDatabase(infra, pipeline.database);
const sampler = new ProcessSampler();
for (const [name, pid] of Object.entries(await infraPids(infra, infraPaths(infra), server))) sampler.watch(name, pid);
const profileDir = path.resolve(repoRoot, options.outDir, `profile-${runId}`);
const system = new BenchSystem({
  runId,
  infra,
  orders: { topic: pipeline.topic, database: pipeline.database },
  env: options.profile
    ? {
        NODE_OPTIONS: `--import ${new URL('./cpu-profile-preload.mjs', import.meta.url).href}`,
        BENCH_CPU_PROFILE_DIR: profileDir,
      }
    : {},
});
const context: BenchContext = {
  runId,
  options,
  system,
  sampler,
  kafka,
  server,
  ordersDb,
  ordersTopic: pipeline.topic,
  ordersDatabase: pipeline.database,
  infra,
  say,
};

let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    say('stopping the platform and removing what this run created');
    await system.stop().catch((error: unknown) => say(`stop: ${(error as Error).message}`));
    await system.dropCatalogResources().catch((error: unknown) => say(`cleanup: ${(error as Error).message}`));
    await ordersDb.destroy();
    await pipeline.drop().catch((error: unknown) => say(`cleanup: ${(error as Error).message}`));
    // The few orders the pnpm start runs placed on the real platform while polling for their 201.
    await server(`${infra.ORDERS_DB}.orders`)
      .where('user_id', `bench-${runId}-start`)
      .del()
      .catch(() => undefined);
    await server.destroy();
    say('done');
  })());
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

const watchPlatform = () => {
  for (const name of sampler
    .names()
    .filter((name) => name === 'gateway' || name.startsWith('order-service') || name === 'catalog-service'))
    sampler.forget(name);
  for (const { name, pid } of system.processes()) sampler.watch(name, pid);
};

try {
  const machine = await machineFacts(server, new ConnectClient(infra.CONNECT_URL));
  say(
    `run ${runId}: ${machine.cores} cores, load average ${machine.loadAverage1m}` +
      (machine.busyOthers.length ? `; busy other processes: ${machine.busyOthers.join(', ')}` : ''),
  );
  say(
    `creating the run's own orders pipeline: topic ${pipeline.topic}, ` +
      `table ${pipeline.database}.orders, connector ${pipeline.connector}`,
  );
  await pipeline.create();
  if (options.profile) {
    await profileScenario(context, profileDir);
  } else {
    const results = await runScenarios(context);
    const figures = referenceFigures(results);
    const when = new Date().toISOString();
    const document = {
      ...figures,
      cores: machine.cores,
      memoryGiB: machine.memoryGiB,
      versions: machine.versions,
      targetsMet: targetsMet(figures),
      runId,
      date: when,
      durationSeconds: Math.round((performance.now() - began) / 1000),
      machine,
      options: { ...options, only: [...options.only] },
      scenarios: results,
    };
    const outDir = path.resolve(repoRoot, options.outDir);
    fs.mkdirSync(outDir, { recursive: true });
    const json = `${JSON.stringify(document, null, 2)}\n`;
    fs.writeFileSync(path.join(outDir, 'latest.json'), json);
    fs.writeFileSync(path.join(outDir, `${when.replace(/[:.]/g, '-')}.json`), json);
    console.log(`\n${markdownReport(figures, results, machine, when)}\n`);
    say(`wrote ${path.relative(repoRoot, path.join(outDir, 'latest.json'))} and its dated copy`);
  }
} catch (error) {
  say(`failed: ${(error as Error).stack ?? String(error)}`);
  for (const child of system.platform.launcher.list()) {
    if (!child.running) say(`${child.name} had exited; its last lines:\n${child.recentOutput().slice(-10).join('\n')}`);
  }
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// A kafkajs or pool timer must not keep the process (and `pnpm bench`) waiting.
process.exit();

async function runScenarios(context: BenchContext): Promise<ScenarioResults> {
  const { only } = options;
  const results: ScenarioResults = {};
  const counts = [...new Set(options.instances)];
  const first = counts.includes(2) ? 2 : counts[0]!;
  say(`starting the platform: gateway, ${first} order-service instance(s), catalog-service`);
  await system.start(first);
  // Every order of the runs applies (the seed's stock of 100 would turn nearly all into rejections).
  await server(`${system.catalog.database}.catalog`).update({ stock: 1_000_000_000 });
  watchPlatform();
  const idle = sampler.snapshot();
  if (only.has('ceiling') || only.has('orders') || only.has('visibility') || only.has('reads'))
    await warmUpPipeline(context);

  if (only.has('ceiling')) results.ceiling = await ceilingScenario(context);
  const orderRuns = async () => {
    for (const connections of options.connections) (results.orders ??= []).push(await orderRun(context, connections));
  };
  if (only.has('orders') || only.has('visibility') || only.has('memory')) await orderRuns();
  if (only.has('orders')) results.directOrders = await orderRun(context, Math.max(...options.connections), 'direct');
  const reference = bestOrderRun(results.orders ?? []);
  if (only.has('memory') && reference) {
    results.memory = {
      idle,
      underLoad: reference.usage,
      underLoadRun: `${reference.instances} instances, ${reference.connections} connections`,
    };
  }
  if (only.has('visibility') && reference)
    results.visibility = await visibilityScenario(context, reference.ordersPerSec);
  if (only.has('reads')) results.reads = await readsScenario(context);
  if (only.has('orders')) {
    for (const count of counts.filter((count) => count !== first).sort((a, b) => a - b)) {
      say(`scaling to ${count} order-service instance(s)`);
      if (count < system.instances) await system.scaleDownTo(count);
      else await system.scaleTo(count);
      watchPlatform();
      await orderRuns();
    }
  }
  await system.stop();
  if (only.has('tracing')) results.tracing = await tracingScenario(context, options.tracingRounds);
  if (only.has('consumer')) results.consumer = await consumerScenario(context);
  if (only.has('start')) results.start = await startScenario(context);
  return results;
}
