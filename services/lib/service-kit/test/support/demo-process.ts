import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../..', import.meta.url));
const demoService = fileURLToPath(new URL('../fixtures/demo-service.ts', import.meta.url));

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface DemoProcess {
  lines: LogLine[];
  stderr: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  waitForLine(msg: string, timeoutMs?: number): Promise<LogLine>;
}

/** Polls until `check` returns something, or fails after `timeoutMs` (no test-kit here: the kit is a leaf). */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The demo service as its own process (`node --import tsx`), its JSON log lines collected. */
export function spawnDemo(env: Record<string, string>): DemoProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', demoService], {
    cwd: repoRoot,
    // Spans go nowhere unless a test says where (never to a Zipkin that happens to run).
    env: { ...process.env, LOG_LEVEL: 'info', OTEL_TRACES_EXPORTER: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as LogLine);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines,
    stderr: () => stderr,
    exited,
    kill: (signal) => void child.kill(signal),
    waitForLine: (msg, timeoutMs) =>
      waitFor(`the log line "${msg}"`, () => lines.find((line) => line.msg === msg), timeoutMs),
  };
}

/** A stand-in for the gateway's registry that records each call's method, in order. */
export async function startFakeRegistry(): Promise<{ url: string; methods: string[]; close(): Promise<void> }> {
  const methods: string[] = [];
  const server = http.createServer((req, res) => {
    methods.push(req.method ?? '');
    req.resume();
    res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, methods, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
