import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type FieldProblem } from './errors.js';
import type { Logger } from './logger.js';
import { markRequestFailed } from './trace-context.js';

/**
 * RFC 9457 problem details, the one error format of every HTTP answer in the platform.
 * `type` is a stable URN per error code, `errors` names the offending fields.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemOf(error: AppError, instance?: string, requestId?: string): ProblemDetails {
  return {
    type: `urn:order-platform:problem:${error.code}`,
    title: titleOf(error.status),
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...(error.fields.length ? { errors: error.fields } : {}),
  };
}

function titleOf(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return titles[status] ?? 'Error';
}

/** Body-parser's own errors (malformed JSON, too large, bad charset), as AppErrors. */
function fromBodyParser(thrown: unknown): AppError | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const error = thrown as { type?: string; status?: number; message?: string };
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('malformed-json', 400, 'The request body is not valid JSON.', [
        { name: 'body', reason: 'not valid JSON' },
      ]);
    case 'entity.too.large':
      return new AppError('body-too-large', 413, 'The request body is too large.', [
        { name: 'body', reason: 'too large' },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported-media-type', 415, error.message ?? 'Unsupported encoding.');
    default:
      return error.status && error.status >= 400 && error.status < 500
        ? new AppError('bad-request', error.status, error.message ?? 'Bad request.')
        : undefined;
  }
}

/**
 * The last middleware of every app: answers problem+json, logs 5xx with their cause, and never
 * lets a request error reach the process (an unexpected error is a 500, not a crash).
 */
export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError =
      error instanceof AppError
        ? error
        : (fromBodyParser(error) ??
          new AppError('internal', 500, 'An unexpected error occurred.', [], { cause: error }));
    const requestId = req.get('x-request-id');
    if (appError.status >= 500) {
      logger.error({ err: error, requestId, path: req.originalUrl }, appError.message);
      markRequestFailed(error);
    }
    res
      .status(appError.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemOf(appError, req.originalUrl, requestId)));
  };
}

/** Mounted after the routes: every unknown route is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not-found', 404, `No route for ${req.method} ${req.path}.`));
};
