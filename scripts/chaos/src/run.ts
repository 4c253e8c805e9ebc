import fs from 'node:fs';
import path from 'node:path';
import { parseOrExit } from '@order-platform/command-kit';
import { connectDatabase } from '@order-platform/infra';
import { Platform } from '@order-platform/platform-harness';
import { warnIfNotPinnedNode } from '@order-platform/service-kit';
import { faultPlan } from './faults.js';
import { CHAOS_USAGE, parseChaosArgs } from './chaos-options.js';
import { claimDrillLock } from './drill-lock.js';
import { drillLoad, readOutcome, seedDrillStock } from './drill-data.js';
import { holds } from './invariants.js';
import { chaosPipeline, freshPrivateInfra, privateEnv, privateInfraConfig, stopPrivateInfra } from './private-infra.js';
import { report } from './report.js';
import { secondWorkerUrl, startSecondWorker, stopSecondWorker } from './second-worker.js';
import { waitSettled } from './settle.js';
import { StressLoops } from './stress.js';

/**
 * `pnpm chaos`: steady POST load through the gateway on a private infrastructure while faults are
 * injected one after the other; then checks that nothing accepted is lost or doubled.
 */

warnIfNotPinnedNode('pnpm chaos');

const options = parseOrExit('pnpm chaos', CHAOS_USAGE, () => {
  const parsed = parseChaosArgs(process.argv.slice(2));
  return parsed.help ? 'help' : parsed;
});

const started = Date.now();
const say = (line: string) => console.log(`chaos | ${line}`);
const infra = privateInfraConfig(options.brokers);
fs.mkdirSync(path.dirname(infra.INFRA_STATE_DIR), { recursive: true });
const holder = claimDrillLock(`${infra.INFRA_STATE_DIR}.lock`);
if (holder !== undefined) {
  console.error(`chaos: another drill (pid ${holder}) runs on ${infra.INFRA_STATE_DIR}; wait for it or stop it first`);
  process.exit(2);
}
let platform: Platform | undefined;
const stress = new StressLoops();
let cleaning: Promise<void> | undefined;

async function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await stress.stop();
    await platform?.stop();
    if (options.keep) say(`--keep: the private infrastructure stays up (state in ${infra.INFRA_STATE_DIR})`);
    else {
      if (options.workers === 2) say(await stopSecondWorker(infra));
      (await stopPrivateInfra(infra)).forEach((line) => say(line));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping what the drill started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<boolean> {
  say(
    `private infrastructure: Kafka ${infra.KAFKA_BROKERS.join(',')} (${infra.KAFKA_NODES} node(s), ` +
      `topics with replication factor ${infra.TOPIC_REPLICATION_FACTOR}), Connect ${infra.CONNECT_URL}, ` +
      `databases ${infra.ORDERS_DB} and ${infra.CATALOG_DB}, state ${infra.INFRA_STATE_DIR}`,
  );
  if (options.stress > 0)
    say(
      `--stress ${options.stress}: busy loops beside the platform for the whole drill ` +
        `(pids ${stress.start(options.stress).join(', ')})`,
    );
  await freshPrivateInfra(infra, say);
  if (options.workers === 2)
    say(`second Connect worker in the group: ${secondWorkerUrl(infra)} (pid ${await startSecondWorker(infra)})`);
  const logFile = path.join(infra.INFRA_STATE_DIR, 'platform.log');
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  platform = new Platform({
    ports: { from: 27_000 },
    write: (line) => log.write(`${line}\n`),
    color: false,
    env: { ...privateEnv(options.brokers), LOG_LEVEL: 'warn' },
  });
  await platform.start(2);
  say(`gateway ${platform.gatewayUrl}, 2 order-service instances, catalog-service (their output: ${logFile})`);

  const db = connectDatabase(infra);
  const initial = await seedDrillStock(db, infra);

  const load = drillLoad(platform.gatewayUrl, options.clients);
  const faults = faultPlan(platform, infra, options.workers);
  const slotMs = (options.durationS * 1000) / (faults.length + 1);
  const loadStart = Date.now();
  load.start();
  say(
    `load: ${options.clients} clients for ${options.durationS} s; ` +
      `${faults.length} faults, one every ${Math.round(slotMs / 1000)} s`,
  );
  const injected: string[] = [];
  for (const [index, fault] of faults.entries()) {
    const wait = loadStart + slotMs * (index + 1) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    say(`fault ${index + 1}/${faults.length}: ${fault.name} (${load.answers.length} answers so far)`);
    await fault.inject();
    injected.push(fault.name);
    say(`  recovered in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  }
  const rest = loadStart + options.durationS * 1000 - Date.now();
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  await load.stop();
  say(`load stopped after ${((Date.now() - loadStart) / 1000).toFixed(0)} s: ${load.answers.length} requests`);

  const settled = await waitSettled(infra, chaosPipeline.CATALOG_GROUP_ID, 180_000);
  settled.lines.forEach((line) => say(line));
  const { findings, rows } = await readOutcome(db, infra, load.answers, initial);
  await db.destroy();
  await cleanUp();
  const ok = settled.ok && holds(findings);
  report({
    answers: load.answers,
    cancels: load.cancels,
    findings,
    settled,
    faults: injected.length,
    durationS: (Date.now() - started) / 1000,
    rows,
    brokers: infra.KAFKA_NODES,
    workers: options.workers,
  }).forEach((line) => say(line));
  return ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  async (error: unknown) => {
    say(`✗ ${(error as Error).stack ?? String(error)}`);
    await cleanUp().catch(() => undefined);
    console.log('chaos: FAILED before the checks (see above)');
    process.exit(1);
  },
);
