import { onInterrupt } from '@order-platform/command-kit';
import {
  HOST,
  ProcessExitedError,
  waitPortsFree,
  type Platform,
  type StopResult,
} from '@order-platform/platform-harness';

const how = (result: StopResult) =>
  result.forced
    ? 'killed with SIGKILL after the grace period'
    : result.signal
      ? `ended by ${result.signal}`
      : `exited with code ${result.code}`;

/**
 * Stops the platform's processes (the services first, so they deregister while the gateway still
 * answers; the gateway last), reports each one, and waits for their ports to be free. Resolves
 * the exit code: 0 when every process still running stopped by itself with code 0 (one that had
 * died before, already reported then, does not make the stop fail).
 */
export async function stopAndReport(platform: Platform, say: (line: string) => void): Promise<number> {
  const results = await platform.stop({
    alreadyExited: (child) => say(`${child.name} had already exited`),
    stopping: (children) => say(`stopping ${children.map((child) => child.name).join(', ')}`),
  });
  for (const result of results) say(`${result.name}: ${how(result)}`);
  const ports = platform.listeningPorts();
  const free = await waitPortsFree(ports, { host: HOST, timeoutMs: 10_000 });
  if (!free) say(`warning: some of the ports ${ports.join(', ')} are still in use`);
  return free && results.every((result) => !result.forced && result.code === 0) ? 0 : 1;
}

/**
 * Ctrl-C handling. `pnpm start` runs under pnpm and tsx, which relay the terminal's SIGINT, so
 * one Ctrl-C can arrive two or three times within a few ms: repeats within a second are the same
 * request. A later one means "now": SIGKILL to what is still running.
 */
export function onStopSignals(platform: Platform, say: (line: string) => void, stop: (signal: string) => void): void {
  onInterrupt(stop, (signal) => {
    say(`${signal} again: killing what is still running`);
    platform.launcher.killAll();
  });
}

/** A start-up failure, with the last output lines of the process that exited, when one did. */
export function reportFailure(error: unknown, say: (line: string) => void): void {
  say(`✗ ${(error as Error).message}`);
  const hint = (error as { hint?: string }).hint;
  if (hint) say(`  → ${hint}`);
  if (error instanceof ProcessExitedError) {
    say(`last output of ${error.process.name}:`);
    for (const line of error.process.recentOutput().slice(-15)) process.stdout.write(`${line}\n`);
  }
}
