import type { Express } from 'express';
import { createServiceApp, type Logger, type ServiceMetrics } from '@order-platform/service-kit';
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
  return createServiceApp(deps, (app) => app.use(catalogRoutes(deps)));
}
