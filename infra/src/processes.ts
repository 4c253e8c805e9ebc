import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The Java processes we start are detached (they outlive `pnpm infra:up`) and recorded in a pid
 * file. Every pid is checked against a marker in its command line before we signal it, so a
 * recycled pid never makes `infra:down` kill somebody else's process.
 */
export interface ManagedProcess {
  name: string;
  pidFile: string;
  /** A `-D` flag only our process carries, e.g. `-Dorder.platform.role=broker`. */
  marker: string;
}

/** A process of ours: its pid file in `dir`, and `-Dorder.platform.role=<role>` on its command line. */
export function managedProcess(name: string, dir: string, role: string, pidFileName = `${role}.pid`): ManagedProcess {
  return { name, pidFile: path.join(dir, pidFileName), marker: `-Dorder.platform.role=${role}` };
}

export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The program and pid listening on a port, as `ss` tells it (best effort, for error messages). */
export function portListener(port: number): { program: string; pid: number } | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', timeout: 2000 });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match ? { program: match[1]!, pid: Number(match[2]) } : undefined;
  } catch {
    // No ss, or no permission to see other users' sockets.
    return undefined;
  }
}

/** The TCP ports a process listens on, as `ss` tells it (empty when it listens on none yet, or ss cannot tell). */
export function listeningPorts(pid: number): number[] {
  try {
    const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8', timeout: 2000 });
    return out
      .split('\n')
      .filter((line) => line.includes(`pid=${pid},`))
      .map((line) => Number(/:(\d+)\s/.exec(line)?.[1]))
      .filter((port) => Number.isInteger(port));
  } catch {
    return [];
  }
}

/** Who listens on a port, for error messages. */
export function describePortHolder(port: number): string {
  const listener = portListener(port);
  return listener ? `${listener.program} (pid ${listener.pid})` : 'another process';
}

export function runningPid(processInfo: ManagedProcess): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(processInfo.pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0').includes(processInfo.marker) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function spawnDetached(
  processInfo: ManagedProcess,
  command: string,
  args: string[],
  /** `markerLast`: the marker goes after `args` (a Node process takes it as a script argument, not a flag). */
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv; markerLast?: boolean },
): number {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  const argv = options.markerLast ? [...args, processInfo.marker] : [processInfo.marker, ...args];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', out, out],
    env: options.env ?? process.env,
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${processInfo.name} (${command})`);
  child.unref();
  fs.writeFileSync(processInfo.pidFile, `${child.pid}\n`);
  return child.pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(processInfo: ManagedProcess, graceMs = 30_000): Promise<'stopped' | 'not running'> {
  const pid = runningPid(processInfo);
  if (pid === undefined) {
    fs.rmSync(processInfo.pidFile, { force: true });
    return 'not running';
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  fs.rmSync(processInfo.pidFile, { force: true });
  return 'stopped';
}

export async function waitPortFree(host: string, port: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isPortOpen(host, port, 300))) return true;
    await sleep(200);
  }
  return false;
}

/** Resident set size in MiB, from /proc (Linux). */
export function residentMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of a log file, to show why a process died. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
