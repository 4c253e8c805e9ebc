import type { IncomingMessage, ServerResponse } from 'node:http';
import { nameRoute, sendProblem } from '@order-platform/service-kit';
import { RETRY_AFTER, gatewayErrors, noInstance } from '../errors.js';
import { routePath } from '../domain/route-path.js';
import type { ServiceRegistry } from '../domain/service-registry.js';
import { setContext } from '../data-access/proxy-context.js';

/**
 * Decides the route from the raw path (rejecting path tricks), picks the next live instance and
 * sets the headers that go upstream. Answers 400/404/503 itself and returns false; true means
 * "proxy it".
 */
export function routeRequest(
  registry: ServiceRegistry,
): (req: IncomingMessage, res: ServerResponse, requestId: string) => boolean {
  return (req, res, requestId) => {
    const url = req.url ?? '';
    const decision = routePath(url);
    if (decision.kind === 'bad-path') {
      sendProblem(
        req,
        res,
        gatewayErrors.create('bad-path', `Path rejected: ${decision.reason}.`, [
          { name: 'path', reason: decision.reason },
        ]),
      );
      return false;
    }
    if (decision.kind === 'not-found') {
      sendProblem(req, res, gatewayErrors.create('not-found', `No route for ${req.method} ${url.split('?', 1)[0]}.`));
      return false;
    }
    // A DELETE or OPTIONS body must say its length (docs/design.md §3.1): found by the HTTP fuzz
    // suite when http-proxy forwarded such a chunked body behind a "Content-Length: 0", which the
    // instance read as a next request. The rule stays: instances behind other proxies meet the same.
    if ((req.method === 'DELETE' || req.method === 'OPTIONS') && req.headers['transfer-encoding'] !== undefined) {
      sendProblem(
        req,
        res,
        gatewayErrors.create('length-required', `Send the body of a ${req.method} with Content-Length, not chunked.`, [
          { name: 'transfer-encoding', reason: `not accepted on ${req.method}` },
        ]),
      );
      return false;
    }
    nameRoute(`/${decision.service}/**`);
    const instance = registry.next(decision.service);
    if (!instance) {
      sendProblem(req, res, noInstance(decision.service), RETRY_AFTER);
      return false;
    }
    setContext(req, {
      requestId,
      service: decision.service,
      instance,
      target: instance.target,
      tried: [instance],
      routedUrl: url,
      responseStarted: false,
    });

    // The gateway is the public edge: it states what it saw instead of trusting client-sent values.
    const headers = req.headers;
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
    headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
    headers['x-forwarded-host'] = headers.host ?? '';
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
    // Node already answered "100 Continue" to the client; the instance must not wait to say it again.
    if (headers.expect !== undefined) delete headers.expect;
    return true;
  };
}
