import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './bench-context.js';
import { runLoad, type LoadSpec } from './load.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './profile-summary.js';
import { ORDER_BODIES, warmUpPipeline } from './scenario-orders.js';
import { seedUsers } from './scenario-reads.js';

/**
 * `pnpm bench -- --profile`: the platform with every service under V8's sampling profiler (2 instances,
 * see cpu-profile-preload.mjs),
 * the order load, then health_check through the gateway, then a 1,000-order GET, each window summarized per process
 * (self time by function and by origin, inclusive time of our own frames). Profiling slows the
 * services down, so these runs give no reference figures. Writes profile-latest.md.
 */
export async function profileScenario(context: BenchContext, profileDir: string): Promise<void> {
  const { system, options } = context;
  const connections = Math.max(...options.connections);
  await system.start(2);
  await context.server(`${system.catalog.database}.catalog`).update({ stock: 1_000_000_000 });
  const pids = new Map(system.processes().map(({ name, pid }) => [pid, name]));
  await warmUpPipeline(context);

  const windows: Array<{ title: string; fromUs: number; toUs: number; summary: string }> = [];
  const measure = async (title: string, spec: LoadSpec) => {
    context.say(`profile: ${title}`);
    // The warm-up runs first inside the worker; the window starts after it.
    const load = await runLoad(spec);
    const toUs = Number(process.hrtime.bigint() / 1000n) - 500_000;
    const fromUs = toUs - load.durationS * 1e6 + 1_000_000;
    windows.push({
      title,
      fromUs,
      toUs,
      summary:
        `${load.rps} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ` +
        `statuses ${JSON.stringify(load.statusCounts)}`,
    });
  };
  await measure(`orders, POST through the gateway, ${connections} connections`, {
    url: system.gatewayUrl,
    method: 'POST',
    path: '/order-service/{user}/orders',
    users: { prefix: `bench-${context.runId}-p-`, count: 1000 },
    bodies: ORDER_BODIES,
    connections,
    durationS: options.durationS,
    warmupS: options.warmupS,
  });
  await measure(`health_check through the gateway, ${connections} connections`, {
    url: system.gatewayUrl,
    method: 'GET',
    path: '/order-service/health_check',
    connections,
    durationS: options.durationS,
    warmupS: options.warmupS,
  });
  const reader = `bench-${context.runId}-p-reads`;
  await seedUsers(context, new Map([[1000, reader]]));
  await measure(`GET of a user with 1,000 orders through the gateway, 16 connections`, {
    url: system.gatewayUrl,
    method: 'GET',
    path: `/order-service/${reader}/orders`,
    connections: 16,
    durationS: options.durationS,
    warmupS: options.warmupS,
  });
  await system.stop();

  const lines = [`# CPU profiles under load (run ${context.runId})`, ''];
  const files = fs.existsSync(profileDir)
    ? fs.readdirSync(profileDir).filter((file) => file.endsWith('.cpuprofile'))
    : [];
  for (const window of windows) {
    lines.push(`## ${window.title}`, '', `Under the profiler: ${window.summary}`, '');
    for (const file of files) {
      const pid = Number(/^CPU\.(\d+)\.cpuprofile$/.exec(file)?.[1]);
      const name = pids.get(pid);
      if (!name) continue;
      const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
      lines.push(...formatSummary(name, summarizeProfile(profile, window)), '');
    }
  }
  const output = path.join(path.dirname(profileDir), 'profile-latest.md');
  fs.writeFileSync(output, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  context.say(`wrote ${output} (raw profiles in ${profileDir})`);
}

function formatSummary(name: string, summary: ProfileSummary): string[] {
  const list = (items: ProfileSummary['topFunctions']) => items.map((item) => `  - ${item.percent}% ${item.name}`);
  return [
    `### ${name}: busy ${summary.busyPercent}% of ${summary.samples} samples`,
    '- self time by origin:',
    ...list(summary.byOrigin),
    '- self time by function:',
    ...list(summary.topFunctions),
    '- inclusive (our frames, and packages with everything they call):',
    ...list(summary.inclusive),
  ];
}
