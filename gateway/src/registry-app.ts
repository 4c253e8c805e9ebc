import express, { type Express } from 'express';
import { notFoundHandler, problemMiddleware, runtimeInfo, type Logger } from '@order-platform/service-kit';
import type { ServiceRegistry } from './domain/service-registry.js';
import { registryRoutes } from './entry-points/registry-routes.js';

/** The registry's own app, served on the internal REGISTRY_PORT only (never on the public port). */
export function createRegistryApp(deps: {
  registry: ServiceRegistry;
  allowedHosts: readonly string[];
  logger: Logger;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  // The gateway's own facts (the Node it runs on) live here, on the internal port: the public app only proxies.
  app.get('/info', (_req, res) => {
    res.json(runtimeInfo('gateway'));
  });
  app.use(registryRoutes(deps.registry, deps.allowedHosts, deps.logger));
  app.use(notFoundHandler);
  app.use(problemMiddleware(deps.logger.child({ module: 'registry-app' })));
  return app;
}
