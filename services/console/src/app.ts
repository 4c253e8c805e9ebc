import type { Express, RequestHandler } from 'express';
import { createServiceApp, type Logger, type ServiceMetrics } from '@order-platform/service-kit';
import type { ActionPolicy } from './domain/action-guard.js';
import type { ConsoleMonitor } from './domain/console-monitor.js';
import type { ConnectorControl } from './domain/sources.js';
import { actionRoutes } from './entry-points/action-routes.js';
import { pageRoutes } from './entry-points/page-routes.js';
import type { PageOptions } from './entry-points/view/page-view.js';

export interface ConsoleAppDeps {
  monitor: ConsoleMonitor;
  page: PageOptions;
  policy: ActionPolicy;
  control: ConnectorControl;
  /** The event stream's handler (`GET /console/events`). */
  events: RequestHandler;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** The console's HTTP side, without listening. */
export function createConsoleApp(deps: ConsoleAppDeps): Express {
  return createServiceApp(deps, (app) => {
    app.get('/console/events', deps.events);
    app.use(pageRoutes(deps), actionRoutes(deps));
  });
}
