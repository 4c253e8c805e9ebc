/**
 * Progress lines for long steps. Plain lines (no cursor tricks) so the output reads the same in a
 * terminal, in CI logs and through `pnpm start`'s per-process prefixes.
 */
export interface Progress {
  step<T>(title: string, run: () => Promise<T>): Promise<T>;
  info(message: string): void;
}

export function createProgress(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Progress {
  return {
    async step(title, run) {
      const started = Date.now();
      write(`▸ ${title}`);
      const result = await run();
      write(`  ✓ ${title} (${seconds(started)})`);
      return result;
    },
    info: (message) => write(`  ${message}`),
  };
}

export const silentProgress: Progress = { step: (_title, run) => run(), info: () => {} };

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/**
 * Polls `check` until it returns a value other than undefined, printing a "still waiting" line
 * every 5 s. `check` may throw to abort the wait (for example when the process it waits for died).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; progress: Progress },
): Promise<T> {
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const now = Date.now();
    if (now - started > options.timeoutMs) {
      throw new Error(`timed out after ${seconds(started)} waiting for ${what}`);
    }
    if (now - lastReport >= 5000) {
      options.progress.info(`still waiting for ${what} (${seconds(started)})`);
      lastReport = now;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
