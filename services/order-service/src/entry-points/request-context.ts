import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '@order-platform/service-kit';

/** A header value we are willing to log and forward into Kafka headers. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestContext {
  requestId: string;
  log: Logger;
}

/**
 * The gateway sets `x-request-id`; direct callers may not. Every request gets one (the given one
 * when it is sane, a new UUID otherwise), a child logger carrying it, the id echoed in the answer,
 * and one log line when the answer is sent.
 */
export function requestContext(logger: Logger, options: { closing: () => boolean }): RequestHandler {
  const log = logger.child({ module: 'http' });
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = requestId;
    // The child logger is made on first use: most requests only ever write their access line.
    let child: Logger | undefined;
    const context: RequestContext = {
      requestId,
      get log() {
        return (child ??= log.child({ requestId }));
      },
    };
    res.locals.context = context;
    res.setHeader('x-request-id', requestId);
    // While shutting down, a keep-alive connection is closed after this answer, so the server can
    // finish closing instead of waiting for the client to hang up.
    if (options.closing()) res.setHeader('connection', 'close');
    if (!log.isLevelEnabled('info')) return next();
    const started = performance.now();
    res.once('finish', () => {
      log.info(
        {
          requestId,
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        'request answered',
      );
    });
    next();
  };
}

export function contextOf(res: Response): RequestContext {
  return res.locals.context as RequestContext;
}
