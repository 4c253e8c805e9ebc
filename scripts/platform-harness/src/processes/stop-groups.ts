import type { LaunchedProcess, StopResult } from './launcher.js';

/** What a stop tells its caller as it goes (pnpm start prints it). */
export interface StopObserver {
  alreadyExited?: (child: LaunchedProcess) => void;
  stopping?: (children: LaunchedProcess[]) => void;
}

/**
 * Stops the processes group by group, each group at once (SIGTERM, SIGKILL after the grace
 * period), the next group once the last one is gone; resolves what became of those still running.
 */
export async function stopInGroups(groups: LaunchedProcess[][], observer: StopObserver = {}): Promise<StopResult[]> {
  const results: StopResult[] = [];
  for (const group of groups) {
    for (const gone of group.filter((child) => !child.running)) observer.alreadyExited?.(gone);
    const running = group.filter((child) => child.running);
    if (running.length) observer.stopping?.(running);
    results.push(...(await Promise.all(running.map((child) => child.stop()))));
  }
  return results;
}
