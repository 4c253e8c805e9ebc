import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from './repo.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * How every TypeScript entry point of the workspace runs as a process of its own: this very Node
 * (`process.execPath`, the pinned one under pnpm) with tsx as a loader, never the tsx CLI (which
 * would put a relaying parent in between, and a SIGKILL of that parent would orphan the child).
 */
export function nodeArgs(entry: string | URL, preload: string[] = []): string[] {
  const file = entry instanceof URL || entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  return ['--import', TSX, ...preload.flatMap((module) => ['--import', module]), file];
}

export interface EntryRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningEntry {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  done: Promise<EntryRun>;
}

export interface EntryOptions {
  /** Written to its stdin, then closed; without it stdin is closed at once. */
  input?: string;
  /** Merged over this process's environment. */
  env?: Record<string, string>;
  /** The repository root unless given (as `pnpm <script>` runs). */
  cwd?: string;
}

/** Starts an entry point as a command would run (`pnpm kafka:topics ...`), collecting its stdout and stderr. */
export function startEntry(entry: string | URL, args: string[], options: EntryOptions = {}): RunningEntry {
  const child = spawn(process.execPath, [...nodeArgs(entry), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  child.stdin.end(options.input);
  const done = new Promise<EntryRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, ...output })),
  );
  return { child, output, done };
}

/** Runs an entry point to its end; one that hangs is killed after `timeoutMs` (default 45 s). */
export async function runEntry(
  entry: string | URL,
  args: string[],
  options: EntryOptions & { timeoutMs?: number } = {},
): Promise<EntryRun> {
  const running = startEntry(entry, args, options);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}
