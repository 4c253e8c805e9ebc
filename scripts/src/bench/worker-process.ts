import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs a worker script (load generator, visibility prober) as a separate node process, so the
 * client side of a measurement never shares an event loop with the runner, and resolves the JSON
 * it prints as its last stdout line. `onStart` gets the pid (the process sampler watches it too).
 */
export function runWorker<T>(
  script: URL,
  input: unknown,
  options: { onStart?: (pid: number) => void; timeoutMs?: number } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, fileURLToPath(script), JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) options.onStart?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) return resolve(JSON.parse(last) as T);
      reject(
        new Error(
          `${fileURLToPath(script)} exited (${signal ?? `code ${code}`}): ${stderr.trim() || stdout.slice(-500)}`,
        ),
      );
    });
  });
}
