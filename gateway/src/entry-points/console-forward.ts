import http from 'node:http';
import type { Request, Response } from 'express';
import { sendProblem } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';
import { withoutHopByHop } from '../data-access/upstream-exchange.js';

/**
 * The console's page and its paths (`/`, `/console/**`), on the gateway's internal port only, passed
 * to the console process (services/console) as they are, answers streamed back (its event stream
 * too). The gateway stays a proxy: what the console shows and does is the console's. When the console
 * does not answer: 503 `console-unavailable`.
 */
export function consoleForward(consoleUrl: string) {
  const target = new URL(consoleUrl);
  /** Each forwarded request with its client's answer: both are cut at shutdown. */
  const open = new Map<http.ClientRequest, Response>();

  const forward = (req: Request, res: Response) => {
    const upstream = http.request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: target.port,
      method: req.method,
      path: req.originalUrl,
      headers: {
        ...withoutHopByHop(req.headers),
        host: target.host,
        'x-forwarded-for': req.socket.remoteAddress,
        'x-forwarded-host': req.headers.host,
        'x-forwarded-proto': 'http',
      },
    });
    open.set(upstream, res);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
      answer.pipe(res);
      // A console that died mid-answer: pipe() would leave the client's answer open for ever.
      answer.on('close', () => void (answer.complete || res.destroy()));
    });
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy();
      sendProblem(
        req,
        res,
        gatewayErrors.create('console-unavailable', `The console at ${target.origin} does not answer.`, [], error),
        { 'retry-after': '1' },
      );
    });
    // The client left (a closed page's event stream): so does the request upstream.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };

  return {
    forward,
    /** At shutdown: open event streams would hold the internal port open for the whole grace period. */
    closeAll() {
      for (const [request, res] of open) {
        request.destroy();
        res.destroy();
      }
    },
  };
}
