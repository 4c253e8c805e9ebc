import { startEntry } from '@order-platform/command-kit';

/**
 * Runs a worker script (load generator, visibility prober) as a separate node process, so the
 * client side of a measurement never shares an event loop with the runner, and resolves the JSON
 * it prints as its last stdout line. `onStart` gets the pid (the process sampler watches it too).
 */
export async function runWorker<T>(
  script: URL,
  input: unknown,
  options: { onStart?: (pid: number) => void; timeoutMs?: number } = {},
): Promise<T> {
  const running = startEntry(script, [JSON.stringify(input)], { cwd: process.cwd() });
  if (running.child.pid !== undefined) options.onStart?.(running.child.pid);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
  const { code, signal, stdout, stderr } = await running.done.finally(() => clearTimeout(timer));
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code === 0 && last.startsWith('{')) return JSON.parse(last) as T;
  const why = stderr.trim().slice(-4000) || stdout.slice(-500);
  throw new Error(`${script.pathname} exited (${signal ?? `code ${code}`}): ${why}`);
}
