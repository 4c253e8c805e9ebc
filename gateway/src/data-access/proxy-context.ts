import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Instance, UpstreamTarget } from '../domain/service-registry.js';
import type { ServiceName } from '../domain/services.js';

/**
 * What the gateway knows about one request while it is being proxied: set by the route step
 * (entry-points/route-request.ts), read and advanced by the proxy and its retries, and by the access log.
 */
export interface ProxyContext {
  requestId: string;
  service: ServiceName;
  /** The instance the current attempt goes to. */
  instance: Instance;
  /** Its address for this attempt (kept here: the registry may replace the instance's own). */
  target: UpstreamTarget;
  /** Every instance tried so far, the current one last. */
  tried: Instance[];
  /** The request target as routed; it goes upstream unchanged. */
  routedUrl: string;
  proxyReq?: ClientRequest;
  responseStarted: boolean;
  /** Copy of the request body, kept (up to a limit) so that a refused connection can be retried. */
  body?: { chunks: Buffer[]; bytes: number; complete: boolean; overflow: boolean };
}

const CONTEXT = Symbol('gateway.proxy-context');

type WithContext = IncomingMessage & { [CONTEXT]?: ProxyContext };

export function setContext(req: IncomingMessage, context: ProxyContext): void {
  (req as WithContext)[CONTEXT] = context;
}

export function contextOf(req: IncomingMessage): ProxyContext | undefined {
  return (req as WithContext)[CONTEXT];
}
