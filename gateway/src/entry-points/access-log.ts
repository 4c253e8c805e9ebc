import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@order-platform/service-kit';
import { contextOf } from './request-context.js';

/** One line per request once it is answered (or the client is gone): who served it, status, time. */
export function accessLog(logger: Logger): (req: IncomingMessage, res: ServerResponse, requestId: string) => void {
  const log = logger.child({ module: 'access' });
  return (req, res, requestId) => {
    // pino's level check first: at LOG_LEVEL=warn (benchmarks) a request costs no listener at all.
    if (!log.isLevelEnabled('info')) return;
    const started = performance.now();
    res.once('close', () => {
      const context = contextOf(req);
      log.info(
        {
          requestId,
          method: req.method,
          path: req.url,
          upstream: context?.instance.url,
          attempts: context?.tried.length,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
  };
}
