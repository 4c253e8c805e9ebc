import type { IncomingMessage, ServerResponse } from 'node:http';
import { UNMATCHED_ROUTE, type ServiceMetrics } from './metrics.js';

type ExpressRequest = IncomingMessage & { baseUrl?: string };

/**
 * The route pattern of an Express request, as the router matched it: `req.baseUrl` (the mount
 * point, `/order-service`) and the route's own path (`/:userId/orders`), read at the moment the
 * router sets `req.route`. Later the router restores `baseUrl` (an error leaves the sub-router), so
 * reading both when the answer is sent would lose the mount point.
 */
function captureRoute(req: ExpressRequest): () => string {
  let route: unknown;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(matched: { path?: unknown } | undefined) {
      route = matched;
      if (matched !== undefined) pattern = `${req.baseUrl ?? ''}${String(matched.path)}`;
    },
  });
  return () => pattern ?? UNMATCHED_ROUTE;
}

/** `ServiceMetrics.observeRequest` as Express middleware, labelled with the matched route pattern. */
export function httpMetricsMiddleware(
  metrics: ServiceMetrics,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    metrics.observeRequest(req, res, captureRoute(req));
    next();
  };
}
