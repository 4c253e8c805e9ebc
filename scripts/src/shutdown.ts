import type { Launcher, LaunchedProcess, StopResult } from './launcher.js';
import { waitPortsFree } from './ports.js';
import { HOST } from './platform.js';

/**
 * Stops the processes group by group (the services first, so they deregister while the gateway
 * still answers; the gateway last), reports each one, and waits for their ports to be free.
 * Resolves the exit code: 0 when every process still running stopped by itself with code 0 (one
 * that had died before, already reported then, does not make the stop fail).
 */
export async function stopInOrder(launcher: Launcher, groups: LaunchedProcess[][], ports: number[]): Promise<number> {
  const results: StopResult[] = [];
  for (const group of groups) {
    for (const gone of group.filter((child) => !child.running))
      launcher.say('start', `${gone.name} had already exited`);
    const running = group.filter((child) => child.running);
    if (running.length) launcher.say('start', `stopping ${running.map((child) => child.name).join(', ')}`);
    results.push(...(await Promise.all(running.map((child) => child.stop()))));
  }
  for (const result of results) {
    const how = result.forced
      ? 'killed with SIGKILL after the grace period'
      : result.signal
        ? `ended by ${result.signal}`
        : `exited with code ${result.code}`;
    launcher.say('start', `${result.name}: ${how}`);
  }
  const free = await waitPortsFree(ports, { host: HOST, timeoutMs: 10_000 });
  if (!free) launcher.say('start', `warning: some of the ports ${ports.join(', ')} are still in use`);
  return free && results.every((result) => !result.forced && result.code === 0) ? 0 : 1;
}

/**
 * Ctrl-C handling. `pnpm start` runs under pnpm and tsx, which relay the terminal's SIGINT, so
 * one Ctrl-C can arrive two or three times within a few ms: repeats within a second are the same
 * request. A later one means "now": SIGKILL to what is still running.
 */
export function onStopSignals(launcher: Launcher, stop: (signal: string) => void): void {
  let firstAt: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      stop(signal);
    } else if (now - firstAt > 1000) {
      launcher.say('start', `${signal} again: killing what is still running`);
      launcher.killAll();
    }
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
