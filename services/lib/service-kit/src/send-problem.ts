import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppError } from './errors.js';
import { PROBLEM_CONTENT_TYPE, problemOf } from './http-problem.js';
import { markRequestFailed } from './trace-context.js';

/**
 * Answers a problem+json straight on node:http, without the error middleware. For expected
 * answers on a hot path (the gateway's bad path, no route, no instance, upstream failures): the
 * middleware logs every 5xx with a stack, and a service with no live instance is a state, not a bug.
 */
export function sendProblem(
  req: IncomingMessage,
  res: ServerResponse,
  error: AppError,
  headers: Record<string, string> = {},
): void {
  if (error.status >= 500) markRequestFailed(error);
  const body = JSON.stringify(problemOf(error, req.url, req.headers['x-request-id'] as string | undefined));
  res.writeHead(error.status, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
