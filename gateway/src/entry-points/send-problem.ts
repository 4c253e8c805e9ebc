import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemOf, type AppError } from '@order-platform/service-kit';

/**
 * Answers a problem+json directly. The gateway's expected answers (bad path, no route, no
 * instance, upstream failures) take this short path instead of the error middleware, which logs
 * every 5xx with a stack: a service with no live instance is a state, not a bug.
 */
export function sendProblem(
  req: IncomingMessage,
  res: ServerResponse,
  error: AppError,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(problemOf(error, req.url, req.headers['x-request-id'] as string | undefined));
  res.writeHead(error.status, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
