import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordRequestId } from './trace-context.js';

/** An incoming id is kept when it is safe to log and to forward in HTTP and Kafka headers (docs/design.md, §3.1). */
export const REQUEST_ID_FORMAT = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The first step of every request, in the gateway and in each service: keep a well-formed
 * X-Request-Id (the gateway's, or a direct caller's), otherwise make one; put it on the request
 * (so it goes upstream and into Kafka headers), on the response and on the request's span.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_FORMAT.test(incoming) ? incoming : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('x-request-id', id);
  recordRequestId(id);
  return id;
}

/** The request id of a request that went through assignRequestId. */
export function requestIdOf(req: IncomingMessage): string {
  return req.headers['x-request-id'] as string;
}

/** assignRequestId as Express middleware (the gateway's public port, a plain node:http app, calls it directly). */
export function requestIdMiddleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    assignRequestId(req, res);
    next();
  };
}
