import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from '../src/platform.js';

/**
 * Runs a pnpm script's entry point as its own process, as `pnpm kafka:topics ...` would (node
 * with tsx, the repository as cwd), so tests see its real exit code, stdout and stderr.
 */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export const entries = {
  topics: fileURLToPath(new URL('../src/kafka-cli/topics.ts', import.meta.url)),
  produce: fileURLToPath(new URL('../src/kafka-cli/produce.ts', import.meta.url)),
  consume: fileURLToPath(new URL('../src/kafka-cli/consume.ts', import.meta.url)),
  connect: fileURLToPath(new URL('../src/connect-cli/connect.ts', import.meta.url)),
  demo: fileURLToPath(new URL('../src/users-sync/demo.ts', import.meta.url)),
};

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  done: Promise<CliRun>;
}

export function startCli(
  entry: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): RunningCli {
  const child = spawn(process.execPath, ['--import', TSX, entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  if (options.input !== undefined) child.stdin!.end(options.input);
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, ...output })),
  );
  return { child, output, done };
}

/** Runs to the end; a command that hangs is killed after `timeoutMs` (and then fails its test). */
export async function runCli(
  entry: string,
  args: string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const running = startCli(entry, args, options);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}
