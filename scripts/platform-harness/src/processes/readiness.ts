import type { LaunchedProcess } from './launcher.js';

/**
 * Polls `url` until it answers a status `accept` likes (default 2xx). Fails early, with the
 * process's last output lines, when the process it waits for exits first.
 */
export async function waitForUrl(
  url: string,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    accept?: (status: number, body: string) => boolean;
    process?: LaunchedProcess;
  },
): Promise<void> {
  const accept = options.accept ?? ((status) => status >= 200 && status < 300);
  const deadline = Date.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    if (options.process && !options.process.running) {
      const status = await options.process.exited;
      throw new ProcessExitedError(options.process, status.code, status.signal);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      if (accept(response.status, body)) return;
      last = `${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).cause ? String((error as Error & { cause: unknown }).cause) : (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${url} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

export class ProcessExitedError extends Error {
  constructor(
    readonly process: LaunchedProcess,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`${process.name} exited (${signal ?? `code ${code}`}) before it was ready`);
    this.name = 'ProcessExitedError';
  }
}
