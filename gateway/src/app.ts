import type http from 'node:http';
import {
  AppError,
  UNMATCHED_ROUTE,
  assignRequestId,
  logAccess,
  sendProblem,
  setTraceResponse,
  type Logger,
} from '@order-platform/service-kit';
import { routePath } from './domain/route-path.js';
import type { ServiceRegistry } from './domain/service-registry.js';
import { routeRequest } from './entry-points/route-request.js';
import { contextOf } from './data-access/proxy-context.js';
import { createUpstreamProxy } from './data-access/upstream-proxy.js';
import type { RequestGuards } from './guards.js';
import type { GatewayMetrics } from './metrics.js';

export interface GatewayDeps {
  registry: ServiceRegistry;
  logger: Logger;
  /** Keep-alive agent to the instances (the composition root destroys it on shutdown). */
  agent: http.Agent;
  upstreamTimeoutMs: number;
  maxBodyBytes: number;
  metrics: GatewayMetrics;
  /** Rate limit and in-flight cap (guards.ts); an absent one costs nothing. */
  guards?: RequestGuards;
}

export type GatewayApp = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The access line's own fields of the gateway: which instance served, after how many attempts. */
const upstreamOf = (req: http.IncomingMessage) => () => {
  const context = contextOf(req);
  return { upstream: context?.instance.url, attempts: context?.tried.length };
};

/** The route label of the gateway's HTTP metrics: `/order-service/**`, `/catalog-service/**` or `unmatched`. */
const routeOf = (req: http.IncomingMessage) => () => {
  const service = contextOf(req)?.service;
  if (service) return `/${service}/**`;
  const decision = routePath(req.url ?? '');
  return decision.kind === 'route' ? `/${decision.service}/**` : UNMATCHED_ROUTE;
};

/**
 * The public app: /order-service/** and /catalog-service/** to their live instances, nothing else.
 * The registry is NOT here: it has its own app on an internal port (registry-app.ts).
 *
 * A plain node:http listener rather than an Express app: on this hot path Express cost about
 * 230 µs of CPU per request (its prototype swap of req/res and its router), doubling the
 * gateway's own cost, while it would add nothing the four steps below need.
 */
export function createGatewayApp(deps: GatewayDeps): GatewayApp {
  const accessLog = deps.logger.child({ module: 'access' });
  const route = routeRequest(deps.registry);
  const proxy = createUpstreamProxy({
    registry: deps.registry,
    logger: deps.logger,
    agent: deps.agent,
    timeoutMs: deps.upstreamTimeoutMs,
    maxBodyBytes: deps.maxBodyBytes,
    observer: deps.metrics.upstream,
  });
  const appLog = deps.logger.child({ module: 'gateway-app' });
  const { rateLimit, inFlight } = deps.guards ?? {};

  // A request error never reaches the process: it is a 500 problem (or a cut connection once the answer started).
  const fail = (req: http.IncomingMessage, res: http.ServerResponse, error: unknown) => {
    appLog.error(
      { err: error, requestId: req.headers['x-request-id'], path: req.url },
      'unexpected error in the gateway',
    );
    if (res.headersSent) return void res.destroy();
    sendProblem(req, res, new AppError('internal', 500, 'An unexpected error occurred in the gateway.'));
  };

  return (req, res) => {
    try {
      const requestId = assignRequestId(req, res);
      // W3C trace-context level 2: the client learns the trace of its request, whatever the answer.
      setTraceResponse(res);
      logAccess(accessLog, req, res, upstreamOf(req));
      deps.metrics.http.observeRequest(req, res, routeOf(req));
      if (rateLimit !== undefined && !rateLimit(req, res)) return;
      if (route(req, res, requestId) && (inFlight === undefined || inFlight(req, res)))
        proxy(req, res, (error) => fail(req, res, error ?? new Error('proxy passed the request on')));
    } catch (error) {
      fail(req, res, error);
    }
  };
}
