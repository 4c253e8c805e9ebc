import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Liveness and readiness probes come every second or so, Prometheus' scrapes every few seconds: at
 * info they would drown the requests worth reading.
 */
const PROBE = /\/(health_check|ready|metrics)(\?|$)/;

/** Fields a deployable adds to its access line (the gateway: which instance served, after how many attempts). */
export type AccessFields = () => Record<string, unknown>;

/**
 * The one access-log line of the platform, written when the answer is sent or the client is gone:
 * `{requestId, method, path, status, durationMs[, aborted], ...extra}` with the message "request",
 * at info (probes at debug). The caller passes a child logger (`module: 'access'`).
 */
export function logAccess(log: Logger, req: IncomingMessage, res: ServerResponse, extra?: AccessFields): void {
  const path = req.url ?? '';
  const level = PROBE.test(path) ? 'debug' : 'info';
  // pino's level check first: at LOG_LEVEL=warn (benchmarks) a request costs no listener at all.
  if (!log.isLevelEnabled(level)) return;
  const started = performance.now();
  res.once('close', () => {
    log[level](
      {
        requestId: requestIdOf(req),
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(res.writableFinished ? {} : { aborted: true }),
        ...extra?.(),
      },
      'request',
    );
  });
}

/** logAccess as Express middleware, mounted right after requestIdMiddleware. */
export function accessLogMiddleware(
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const log = logger.child({ module: 'access' });
  return (req, res, next) => {
    logAccess(log, req, res);
    next();
  };
}
