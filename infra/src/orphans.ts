import fs from 'node:fs';
import path from 'node:path';
import { portListener } from './processes.js';

/**
 * Processes of this project that another checkout started: every broker, worker, Zipkin and exporter carries
 * `-Dorder.platform.role=…` and its checkout (`-Dorder.platform.checkout=…`, or, for those started
 * before that flag existed, the class path into `<checkout>/infra/.cache/lib`). When that
 * checkout was deleted, nothing can stop them by pid file any more: `infra:down -- --orphans` can.
 */
export interface ProjectProcess {
  pid: number;
  role: string;
  checkout: string | undefined;
  /** The checkout folder is gone (an orphan), so no `pnpm infra:down` can reach its pid files. */
  orphaned: boolean;
}

const ROLE = '-Dorder.platform.role=';
const CHECKOUT = '-Dorder.platform.checkout=';

export function projectProcess(pid: number): ProjectProcess | undefined {
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
  const role = args.find((arg) => arg.startsWith(ROLE))?.slice(ROLE.length);
  if (!role) return undefined;
  const flagged = args.find((arg) => arg.startsWith(CHECKOUT))?.slice(CHECKOUT.length);
  const fromClassPath = args.map((arg) => /^(.*)\/infra\/\.cache\/lib\/\*$/.exec(arg)?.[1]).find(Boolean);
  const checkout = flagged ?? fromClassPath;
  return { pid, role, checkout, orphaned: checkout !== undefined && !fs.existsSync(path.join(checkout, 'infra')) };
}

export function projectProcesses(): ProjectProcess[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map((entry) => projectProcess(Number(entry)))
    .filter((found): found is ProjectProcess => found !== undefined);
}

/** "pid 4242, started from checkout /tmp/clone, which no longer exists" for the holder of a port. */
export function describeListener(port: number): { text: string; holder?: ProjectProcess } {
  const pid = portListener(port)?.pid;
  if (pid === undefined) return { text: 'pid unknown' };
  const holder = projectProcess(pid);
  if (!holder) return { text: `pid ${pid}, not a process of this project` };
  if (!holder.checkout) return { text: `pid ${pid}, ${holder.role} of this project from an unknown checkout`, holder };
  const gone = holder.orphaned ? ', which no longer exists' : '';
  return { text: `pid ${pid}, started from checkout ${holder.checkout}${gone}`, holder };
}

/** What to tell a user about a process of another checkout that is in the way. */
export function leftoverHint(holder: ProjectProcess | undefined): string {
  if (holder?.orphaned) return 'Its checkout is gone: pnpm infra:down -- --orphans stops it (and only such leftovers).';
  if (holder?.checkout)
    return (
      `Stop it from its checkout (cd ${holder.checkout} && pnpm infra:down), ` +
      'or point CONNECT_URL / KAFKA_BROKERS elsewhere.'
    );
  return 'Stop that process, or point CONNECT_URL / KAFKA_BROKERS elsewhere (see .env.example).';
}

/** SIGTERM (then SIGKILL after `graceMs`) to every orphaned process of this project; nothing else. */
export async function stopOrphans(graceMs = 30_000): Promise<string[]> {
  const orphans = projectProcesses().filter((candidate) => candidate.orphaned);
  if (orphans.length === 0)
    return ['no orphaned process of this project (broker, worker, Zipkin, exporter) is running'];
  for (const orphan of orphans) process.kill(orphan.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  const alive = (pid: number) => projectProcess(pid) !== undefined;
  while (orphans.some((orphan) => alive(orphan.pid)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  return orphans.map((orphan) => {
    const killed = alive(orphan.pid);
    if (killed) process.kill(orphan.pid, 'SIGKILL');
    const how = killed ? ' with SIGKILL' : '';
    return `stopped ${orphan.role} (pid ${orphan.pid}) of the deleted checkout ${orphan.checkout}${how}`;
  });
}
