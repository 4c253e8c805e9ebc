import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDrillLock } from '@order-platform/chaos';
import { nodeArgs, parseOrExit, repoRoot } from '@order-platform/command-kit';
import { drillPlan } from './drill-plan.js';
import { loadDrillHostsConfig } from './hosts-config.js';
import { onHost } from './ip-commands.js';
import { buildNetwork, removeNetwork } from './network.js';
import { missingPrerequisite } from './preflight.js';
import { hostOf } from './topology.js';

/**
 * `pnpm drill:hosts`: builds the test hosts (network namespaces on one bridge), runs the drill
 * (drill.ts) inside the client host, and removes every namespace, link and process afterwards:
 * on success, on failure, on Ctrl-C, and at the start for what a crashed run left.
 */
const say = (line: string) => console.log(`drill:hosts | ${line}`);
const missing = missingPrerequisite();
if (missing) {
  console.error(`pnpm drill:hosts: ${missing}`);
  process.exit(2);
}
const config = parseOrExit('pnpm drill:hosts', 'pnpm drill:hosts', () => loadDrillHostsConfig());
const plan = drillPlan(config);
const { topology } = plan;
const holder = claimDrillLock(path.join(os.tmpdir(), 'ophost-drill.lock'));
if (holder !== undefined) {
  console.error(`pnpm drill:hosts: another host drill (pid ${holder}) is running; wait for it or stop it first`);
  process.exit(2);
}

// Installed before anything is made: a Ctrl-C while the hosts are being built must still end in the clean-up.
let drill: ChildProcess | undefined;
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    signals++;
    say(signals === 1 ? `${signal}: stopping the drill, then removing the hosts` : `${signal} again: killing it`);
    drill?.kill(signals === 1 ? 'SIGTERM' : 'SIGKILL');
  });

async function cleanUp(): Promise<void> {
  const removed = await removeNetwork(topology.prefix);
  say(
    `removed ${removed.namespaces.length} namespace(s) under ${topology.prefix}` +
      (removed.killed.length ? `, killed ${removed.killed.length} leftover process(es)` : ''),
  );
}

async function main(): Promise<number> {
  const leftovers = await removeNetwork(topology.prefix);
  if (leftovers.namespaces.length > 0)
    say(`a previous run left ${leftovers.namespaces.join(', ')} (${leftovers.killed.length} processes): removed`);
  fs.rmSync(plan.stateDir, { recursive: true, force: true });
  fs.mkdirSync(plan.stateDir, { recursive: true });
  await buildNetwork(topology);
  if (signals > 0) return 130;
  say(`${topology.hosts.length} hosts on ${topology.subnet}.0/24, bridge ${topology.bridge} in ${topology.bridgeNs}:`);
  say(`  ${topology.hosts.map((host) => `${host.name} ${host.ip}`).join(', ')}`);
  const client = hostOf(topology, 'client');
  const [program, ...args] = onHost(client.ns, [process.execPath, ...nodeArgs(new URL('./drill.ts', import.meta.url))]);
  // Detached: Ctrl-C reaches this process only, which asks the drill to stop its hosts in order.
  const child = spawn(program, args, { cwd: repoRoot, stdio: 'inherit', detached: true });
  drill = child;
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

let code = 1;
try {
  code = await main();
} catch (error) {
  say(`✗ ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanUp().catch((error: unknown) => say(`✗ cleaning up: ${(error as Error).message}`));
  if (code === 0) fs.rmSync(plan.stateDir, { recursive: true, force: true });
  else say(`logs kept in ${plan.stateDir}`);
}
process.exit(code);
