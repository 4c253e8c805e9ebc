import fs from 'node:fs';
import path from 'node:path';
import { holds, drillLoad, readOutcome, report, seedDrillStock, waitSettled } from '@order-platform/chaos';
import { parseOrExit } from '@order-platform/command-kit';
import { connectDatabase, loadInfraConfig } from '@order-platform/infra';
import { drillPipeline, drillPlan } from './drill-plan.js';
import { impactTable, type FaultWindow } from './fault-impact.js';
import { runFault } from './fault-runner.js';
import { hostFaults } from './host-faults.js';
import { loadDrillHostsConfig } from './hosts-config.js';
import { WARM, warmUp } from './warm-up.js';
import { startHostsPlatform, stopHostsPlatform, type HostsPlatform } from './platform-up.js';

/**
 * The drill itself, run by `run.ts` inside the client host's namespace (so every address it uses is
 * one of the test hosts', reached over the bridge): the platform up, load, faults, checks, report.
 */
const config = parseOrExit('pnpm drill:hosts', 'pnpm drill:hosts', () => loadDrillHostsConfig());
const plan = drillPlan(config);
const infra = loadInfraConfig({ ...process.env, ...plan.infraEnv });
const started = Date.now();
const say = (line: string) => console.log(`drill:hosts | ${line}`);
const serviceLog = fs.createWriteStream(path.join(plan.stateDir, 'services.log'), { flags: 'a' });
const up: HostsPlatform = { brokers: [], workers: [] };
let stopping: Promise<void> | undefined;
const stopAll = () => (stopping ??= stopHostsPlatform(up));

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    say(`${signal}: stopping the platform on the hosts`);
    void stopAll().finally(() => process.exit(130));
  });

async function main(): Promise<boolean> {
  await startHostsPlatform(config, plan, infra, up, say, (line) => serviceLog.write(`${line}\n`));
  const services = up.services!;
  const db = connectDatabase(infra);
  const initial = await seedDrillStock(db, infra);
  const load = drillLoad(services.gatewayUrl, config.DRILL_HOSTS_CLIENTS);
  const faults = hostFaults({ config, topology: plan.topology, infra, services, brokers: up.brokers, say });
  const calm = () => new Promise((resolve) => setTimeout(resolve, 10_000));
  load.start();
  say(`load: ${config.DRILL_HOSTS_CLIENTS} clients from ${plan.topology.prefix}client; warming up`);
  const warmS = await warmUp(() => load.answers, 180_000);
  say(
    warmS === undefined
      ? `  not warm after 180 s (${WARM.count} accepted answers in a row within ${WARM.fastMs} ms); going on`
      : `  warm after ${warmS.toFixed(1)} s (${WARM.count} accepted answers in a row within ${WARM.fastMs} ms)`,
  );
  say('10 s of calm (the baseline)');
  const baseline = { from: Date.now(), to: 0 };
  await calm();
  baseline.to = Date.now();
  const windows: FaultWindow[] = [];
  for (const [index, fault] of faults.entries()) {
    say(`fault ${index + 1}/${faults.length}: ${fault.name} (${load.answers.length} answers so far)`);
    windows.push(await runFault(fault, plan.topology, config.DRILL_HOSTS_SLOW_RATE, say));
    // Calm between faults: each fault's window ends when the platform is whole, not when the next begins.
    await calm();
  }
  await load.stop();
  say(`load stopped: ${load.answers.length} requests; waiting until every order has settled`);
  const settled = await waitSettled(infra, drillPipeline.CATALOG_GROUP_ID, 240_000);
  settled.lines.forEach((line) => say(line));
  const { findings, rows } = await readOutcome(db, infra, load.answers, initial);
  await db.destroy();
  say('stopping the platform on the hosts');
  await stopAll();
  const lines = report({
    answers: load.answers,
    cancels: load.cancels,
    findings,
    settled,
    faults: windows.length,
    durationS: (Date.now() - started) / 1000,
    rows,
    brokers: 3,
    workers: 2,
    drill: 'drill:hosts',
  });
  const perFault =
    'per fault (requests in flight while it held or until whole again; baseline: begun and ended in it):';
  [...lines.slice(0, -1), perFault]
    .concat(impactTable(load.answers, baseline, windows), lines.at(-1)!)
    .forEach((line) => say(line));
  return settled.ok && holds(findings);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  async (error: unknown) => {
    say(`✗ ${(error as Error).stack ?? String(error)}`);
    await stopAll().catch(() => undefined);
    say(`FAILED before the checks (see above; logs under ${plan.stateDir})`);
    process.exit(1);
  },
);
