import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tail } from '@order-platform/infra';
import { onHost } from './ip-commands.js';

/**
 * A program (a broker, a worker, the database) running on one test host, its output in a log file.
 * `ip netns exec` execs it in place, so the child's pid is the program's own.
 */
export class HostProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<void>;
  private exitedWith: string | undefined;

  constructor(
    readonly name: string,
    ns: string,
    argv: string[],
    readonly logFile: string,
    cwd: string,
  ) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const out = fs.openSync(logFile, 'a');
    const [program, ...args] = onHost(ns, argv);
    // Detached: a Ctrl-C in the terminal reaches the drill, which stops its hosts in order.
    this.child = spawn(program, args, { cwd, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitedWith = signal ?? `code ${code}`;
        resolve();
      });
      this.child.once('error', (error) => {
        this.exitedWith = error.message;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitedWith === undefined;
  }

  /** Throws with the log's last lines when the program has exited (a wait calls it on each try). */
  assertRunning(): void {
    if (!this.running)
      throw new Error(
        `${this.name} exited (${this.exitedWith}); last lines of ${this.logFile}:\n${tail(this.logFile)}`,
      );
  }

  /** SIGTERM, SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([this.exited, late])) === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    clearTimeout(timer);
  }
}

/** Polls `check` until it answers a value, failing after `timeoutMs` with what it waited for. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  say?: (line: string) => void,
): Promise<T> {
  const started = Date.now();
  let lastSaid = started;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const now = Date.now();
    if (now - started > timeoutMs) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
    if (say && now - lastSaid >= 10_000) {
      say(`  still waiting for ${what} (${Math.round((now - started) / 1000)} s)`);
      lastSaid = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
