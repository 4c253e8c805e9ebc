import express, { type Express } from 'express';
import { notFoundHandler, problemMiddleware, type Logger } from '@order-platform/service-kit';
import type { CatalogRepository } from './data-access/catalog-repository.js';
import { catalogRoutes } from './entry-points/catalog-routes.js';
import type { ReadinessReport } from './readiness.js';

export interface AppDependencies {
  catalog: CatalogRepository;
  readiness: () => Promise<ReadinessReport>;
  /** The port we listen on (known only after listen when PORT=0). */
  port: () => number;
  logger: Logger;
}

/** The HTTP side of catalog-service, without listening. */
export function createApp(deps: AppDependencies): Express {
  const log = deps.logger.child({ module: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      // Probes come every second or so; they would drown the requests worth reading.
      const level = /\/(health_check|ready)$/.test(req.path) ? 'debug' : 'info';
      log[level](
        {
          requestId: req.get('x-request-id'),
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
          durationMs,
        },
        'request',
      );
    });
    next();
  });
  app.use(catalogRoutes(deps));
  app.use(notFoundHandler);
  app.use(problemMiddleware(log));
  return app;
}
