import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitUntil } from '@order-platform/test-kit';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const spawned: ChildProcess[] = [];

export interface LogLine {
  level: string | number;
  msg: string;
  [key: string]: unknown;
}

export interface ServiceProcess {
  pid: number;
  url: string;
  /** Every JSON log line of the process so far. */
  lines: LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Until a log line with this message (and, if given, matching `where`) was written. */
  waitForLog(msg: string, timeoutMs: number, where?: (line: LogLine) => boolean): Promise<LogLine>;
}

/**
 * The real binary, services/order-service/src/main.ts, as `node --import tsx` (like `pnpm start`'s
 * launcher): one process, so the pid we signal (SIGKILL included) is the service itself, never a
 * relaying tsx parent that would leave it running. Resolves once it logged "order-service listening".
 */
export async function spawnOrderService(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', tsx, 'services/order-service/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ORDER_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  spawned.push(child);
  const lines: LogLine[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        // Not a log line (a warning of Node's): not ours to check.
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLog = (msg: string, timeoutMs: number, where: (line: LogLine) => boolean = () => true) =>
    waitUntil(`the log line "${msg}"`, () => lines.find((line) => line.msg === msg && where(line)), {
      timeoutMs,
      intervalMs: 20,
    });
  const listening = await waitForLog('order-service listening', 60_000);
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${listening.port as number}`,
    lines,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForLog,
  };
}

/** For afterAll: SIGKILL whatever this file spawned and is still running (only after a failed test). */
export function killSpawned(): void {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
