import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the port really taken (port 0 picks a free one). */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export interface GracefulClose {
  /** Resolves once every connection is closed: each request in flight got its answer (or was cut). */
  closed: Promise<void>;
  /** Closes whatever is still open, answered or not. */
  cut(): void;
}

/**
 * Starts closing a server without cutting requests in flight: no new connections; every answer
 * from now on carries `Connection: close`, so a keep-alive client does not send another request;
 * idle keep-alive connections are closed now and as they become idle (a client holding one open
 * would otherwise keep `closed` from ever resolving). The caller decides when to `cut()`.
 */
export function beginGracefulClose(server: http.Server): GracefulClose {
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const closed = new Promise<void>((resolve) => server.close(() => resolve())).finally(() => clearInterval(idle));
  server.closeIdleConnections();
  return { closed, cut: () => server.closeAllConnections() };
}

/**
 * Closes gracefully within `graceMs`: what is still open then is cut. Resolves true when every
 * request finished in time.
 */
export async function closeGracefully(server: http.Server, graceMs: number): Promise<boolean> {
  const closing = beginGracefulClose(server);
  const drained = await finishesWithin(closing.closed, graceMs);
  if (!drained) closing.cut();
  await closing.closed;
  return drained;
}

/** True when `work` settles within `ms`, false when the time runs out first (the work goes on). */
export async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
