import express, { type Express } from 'express';
import {
  accessLogMiddleware,
  httpMetricsMiddleware,
  notFoundHandler,
  problemMiddleware,
  requestIdMiddleware,
  type Logger,
  type ServiceMetrics,
} from '@order-platform/service-kit';
import type { CatalogRepository } from './data-access/catalog-repository.js';
import { catalogRoutes } from './entry-points/catalog-routes.js';
import type { ReadinessReport } from './readiness.js';

export interface AppDependencies {
  catalog: CatalogRepository;
  readiness: () => Promise<ReadinessReport>;
  /** The port we listen on (known only after listen when CATALOG_PORT=0). */
  port: () => number;
  logger: Logger;
  /** Served at `GET /metrics`, at the root: the gateway forwards only `/catalog-service/**`, never this. */
  metrics: ServiceMetrics;
}

/** The HTTP side of catalog-service, without listening. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestIdMiddleware(), accessLogMiddleware(deps.logger), httpMetricsMiddleware(deps.metrics));
  app.get('/metrics', (req, res) => deps.metrics.serve(req, res));
  app.use(catalogRoutes(deps));
  app.use(notFoundHandler);
  app.use(problemMiddleware(deps.logger.child({ module: 'http' })));
  return app;
}
