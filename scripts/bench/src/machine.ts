import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database as Knex } from './database.js';
import type { ConnectClient } from '@order-platform/infra';
import { repoRoot } from '@order-platform/command-kit';

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  loadAverage1m: number;
  versions: Record<string, string>;
  gitCommit: string;
  /** Processes using more than 5% of a core in the second before the run (noise, or the infrastructure's own work). */
  busyOthers: string[];
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function cpuTicksByProcess(): Map<number, { ticks: number; name: string }> {
  const result = new Map<number, { ticks: number; name: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs
        .readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .slice(0, 4)
        .join(' ');
      result.set(Number(entry), { ticks: Number(fields[11]) + Number(fields[12]), name: cmdline.slice(0, 120) });
    } catch {
      // Gone meanwhile.
    }
  }
  return result;
}

/** Processes using more than 5% of a core over `ms`, right now: the noise a run starts in. */
async function busyProcesses(ms: number): Promise<string[]> {
  const before = cpuTicksByProcess();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const busy: Array<[number, string]> = [];
  for (const [pid, { ticks, name }] of cpuTicksByProcess()) {
    const percent = ((ticks - (before.get(pid)?.ticks ?? ticks)) / 100 / (ms / 1000)) * 100;
    if (percent > 5 && pid !== process.pid) busy.push([percent, name]);
  }
  return busy.sort((a, b) => b[0] - a[0]).map(([percent, name]) => `${Math.round(percent)}% ${name}`);
}

/** The facts a figure needs to be compared with another machine's or another day's. */
export async function machineFacts(server: Knex, connect: ConnectClient): Promise<MachineFacts> {
  const [[mariadb]] = (await server.raw('SELECT VERSION() AS version')) as [[{ version: string }]];
  const info = await connect.info().catch(() => ({ version: 'unknown' }));
  const plugins = (await fetch(`${connect.baseUrl}/connector-plugins`)
    .then((response) => response.json())
    .catch(() => [])) as Array<{ class: string; version: string }>;
  const jdbcSink = plugins.find((plugin) => plugin.class.endsWith('JdbcSinkConnector'))?.version ?? 'unknown';
  const busy = await busyProcesses(1000);
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    versions: {
      node: process.versions.node,
      kafka: info.version,
      debeziumJdbcSink: jdbcSink,
      mariadb: mariadb.version,
      autocannon: packageVersion('autocannon'),
      pnpm: run('pnpm', ['--version']),
    },
    gitCommit: run('git', ['rev-parse', '--short', 'HEAD']),
    busyOthers: busy,
  };
}
