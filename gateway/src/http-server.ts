import type http from 'node:http';

export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting connections and waits for in-flight requests: responses from now on carry
 * `Connection: close`, idle keep-alive connections are closed as they become idle, and whatever is
 * still open after `graceMs` is cut. Resolves true when everything finished in time.
 */
export function closeGracefully(server: http.Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.setHeader('connection', 'close');
    });
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      finish(false);
    }, graceMs);
    let done = false;
    const finish = (drained: boolean) => {
      if (done) return;
      done = true;
      clearInterval(idle);
      clearTimeout(deadline);
      resolve(drained);
    };
    server.close(() => finish(true));
  });
}
