import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '@order-platform/test-kit';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = path.resolve(packageDir, '../..');
const mainPath = path.join(packageDir, 'src/main.ts');

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface ServiceProcess {
  pid: number;
  port: number;
  logs: LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  signal(signal: NodeJS.Signals): void;
  waitForLog(what: string, predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const started = new Set<ChildProcess>();

/**
 * Runs catalog-service as a real process: `node --import tsx src/main.ts` (what the `tsx` command
 * does, minus its wrapper process, so that SIGKILL reaches the service itself). Resolves once it
 * logs that it listens; its JSON log lines are kept for assertions.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: repoRoot,
    env: { ...process.env, CATALOG_PORT: '0', REGISTRY_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const logs: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ level: 'raw', msg: line });
    }
  });
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      started.delete(child);
      resolve({ code, signal });
    }),
  );

  const waitForLog = (what: string, predicate: (line: LogLine) => boolean, timeoutMs = 30_000) =>
    waitUntil(
      what,
      () => {
        const found = logs.find(predicate);
        if (found) return found;
        if (!running)
          throw new Error(`catalog-service exited; stderr: ${stderr}; last logs: ${JSON.stringify(logs.slice(-5))}`);
        return undefined;
      },
      { timeoutMs, intervalMs: 50 },
    );

  const listening = await waitForLog('catalog-service to listen', (line) => line.msg === 'catalog-service listening');
  return {
    pid: child.pid!,
    port: Number(listening.port),
    logs,
    exited,
    isRunning: () => running,
    signal: (signal) => void child.kill(signal),
    waitForLog,
  };
}

/** For afterAll: kills (SIGKILL) every service process a test started and left running. */
export async function killLeftoverProcesses(): Promise<void> {
  const leftovers = [...started];
  for (const child of leftovers) child.kill('SIGKILL');
  await Promise.all(
    leftovers.map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve),
        ),
    ),
  );
}
