import net from 'node:net';

/** Whether we could listen on host:port right now (the test the service itself will face). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `start` upwards, skipping `skip` (ports other parts of the platform own). */
export async function findFreePort(
  start: number,
  options: { host?: string; skip?: Iterable<number>; limit?: number } = {},
): Promise<number> {
  const skip = new Set(options.skip ?? []);
  const last = Math.min(65535, start + (options.limit ?? 200));
  for (let port = start; port <= last; port++) {
    if (!skip.has(port) && (await isPortFree(port, options.host))) return port;
  }
  throw new Error(`no free port between ${start} and ${last}`);
}

/** Resolves true once nobody listens on any of the ports any more (false after the timeout). */
export async function waitPortsFree(
  ports: number[],
  options: { host?: string; timeoutMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const free = await Promise.all(ports.map((port) => isPortFree(port, options.host)));
    if (free.every(Boolean)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
