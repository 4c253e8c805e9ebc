import { spawn, type ChildProcess } from 'node:child_process';
import { LinePrefixer, colorFor, formatPrefix } from './line-prefixer.js';
import { nodeArgs } from '@order-platform/command-kit';

export interface ProcessSpec {
  /** Shown before every output line, e.g. `order-8081`. */
  name: string;
  /** The TypeScript (or JavaScript) entry point. */
  entry: string;
  args?: string[];
  /** Merged over the launcher's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * A command the node process runs under, e.g. `['ip', 'netns', 'exec', 'ophost-order-1']` to put it
   * on a test host. It must exec node in place (ip netns exec does), so the pid signalled is the service.
   */
  prefix?: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopResult extends ExitStatus {
  name: string;
  /** True when the grace period ran out and the process was killed with SIGKILL. */
  forced: boolean;
}

export interface LauncherOptions {
  /** Where prefixed lines go (default: stdout). */
  write?: (line: string) => void;
  /** Colored names (default: when stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Width the names are padded to (grows with longer names). */
  nameWidth?: number;
  /** How long stop() waits after SIGTERM before SIGKILL (default 20 s). */
  graceMs?: number;
}

// Children run as `node --import tsx --import lifeline entry`: one process per service, so the pid
// we signal is the service itself.
const LIFELINE = new URL('./lifeline.ts', import.meta.url).href;

/**
 * Starts child processes with prefixed output and stops them cleanly: SIGTERM, wait, SIGKILL
 * after the grace period. It only ever signals the pids it spawned, and only while it has not
 * seen them exit (so a recycled pid is never hit).
 */
export class Launcher {
  private readonly processes: LaunchedProcess[] = [];
  private readonly write: (line: string) => void;
  private readonly color: boolean;
  readonly graceMs: number;
  nameWidth: number;

  constructor(options: LauncherOptions = {}) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    this.nameWidth = options.nameWidth ?? 0;
    this.graceMs = options.graceMs ?? 20_000;
  }

  start(spec: ProcessSpec): LaunchedProcess {
    this.nameWidth = Math.max(this.nameWidth, spec.name.length);
    const color = this.color ? colorFor(this.processes.length) : undefined;
    const launched = new LaunchedProcess(
      spec,
      () => formatPrefix(spec.name, this.nameWidth, color),
      this.write,
      this.graceMs,
    );
    this.processes.push(launched);
    return launched;
  }

  /** A line of the launcher's own, prefixed like the children's. */
  say(name: string, message: string): void {
    this.nameWidth = Math.max(this.nameWidth, name.length);
    for (const line of message.split('\n')) this.write(formatPrefix(name, this.nameWidth, undefined) + line);
  }

  list(): readonly LaunchedProcess[] {
    return this.processes;
  }

  running(): LaunchedProcess[] {
    return this.processes.filter((child) => child.running);
  }

  /** Stops every process still running, all at once. */
  stopAll(graceMs = this.graceMs): Promise<StopResult[]> {
    return Promise.all(this.running().map((child) => child.stop(graceMs)));
  }

  /** Last resort (a second Ctrl-C): SIGKILL to everything still running. */
  killAll(): void {
    for (const child of this.running()) child.kill('SIGKILL');
  }
}

export class LaunchedProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private readonly recent: string[] = [];
  private stopping: Promise<StopResult> | undefined;

  constructor(
    spec: ProcessSpec,
    prefix: () => string,
    write: (line: string) => void,
    private readonly graceMs: number,
  ) {
    this.name = spec.name;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(spec.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const [command = process.execPath, ...prefixArgs] = spec.prefix ?? [];
    const nodeArgv = [...nodeArgs(spec.entry, [LIFELINE]), ...(spec.args ?? [])];
    const argv = spec.prefix ? [...prefixArgs, process.execPath, ...nodeArgv] : nodeArgv;
    this.child = spawn(command, argv, {
      cwd: spec.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: the terminal's Ctrl-C goes to the launcher, which decides the order.
      detached: true,
    });
    if (this.child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.entry})`);
    this.pid = this.child.pid;

    const emit = (line: string) => {
      this.recent.push(line);
      if (this.recent.length > 200) this.recent.shift();
      write(line);
    };
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      const prefixer = new LinePrefixer(prefix, emit);
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => prefixer.push(chunk));
      stream.on('end', () => prefixer.flush());
    }
    this.exited = new Promise((resolve) => {
      // 'exit' can come before the last output lines are read: wait for the pipes to close too ('close'),
      // but not forever, should a grandchild still hold them.
      this.child.once('exit', (code, signal) => {
        const done = () => resolve({ code, signal });
        this.child.once('close', done);
        setTimeout(done, 1_000).unref();
      });
      this.child.once('error', () => resolve({ code: this.child.exitCode, signal: this.child.signalCode }));
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last output lines (with prefixes), for error messages. */
  recentOutput(): string[] {
    return [...this.recent];
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Exited between the check and the signal.
    }
  }

  /** SIGTERM, then SIGKILL if it is still running after the grace period. Idempotent. */
  stop(graceMs = this.graceMs): Promise<StopResult> {
    this.stopping ??= (async () => {
      if (!this.running) return { name: this.name, ...(await this.exited), forced: false };
      this.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const first = await Promise.race([this.exited, timedOut]);
      clearTimeout(timer);
      if (first !== 'timeout') return { name: this.name, ...first, forced: false };
      this.kill('SIGKILL');
      return { name: this.name, ...(await this.exited), forced: true };
    })();
    return this.stopping;
  }
}
