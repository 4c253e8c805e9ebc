import express, { type Express } from 'express';
import {
  httpMetricsMiddleware,
  notFoundHandler,
  problemMiddleware,
  runtimeInfo,
  type Logger,
  type ServiceMetrics,
} from '@order-platform/service-kit';
import type { ServiceRegistry } from './domain/service-registry.js';
import type { consoleForward } from './entry-points/console-forward.js';
import { prometheusTargets } from './entry-points/prometheus-targets.js';
import { registryRoutes } from './entry-points/registry-routes.js';

/** The registry's own app, served on the internal REGISTRY_PORT only (never on the public port). */
export function createRegistryApp(deps: {
  registry: ServiceRegistry;
  allowedHosts: readonly string[];
  /** REGISTRY_SECRET: what PUT and DELETE must carry as a bearer token; empty: nothing. */
  secret: string;
  logger: Logger;
  /** The gateway's metrics, both ports' (served here, never on the public port). */
  metrics: ServiceMetrics;
  /** The console's page and paths, forwarded to the console process; undefined: none (404). */
  console?: ReturnType<typeof consoleForward>;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(deps.metrics));
  // The gateway's own facts (the Node it runs on) live here, on the internal port: the public app only proxies.
  app.get('/info', (_req, res) => {
    res.json(runtimeInfo('gateway'));
  });
  app.get('/metrics', (req, res) => deps.metrics.serve(req, res));
  // Prometheus' http_sd_configs: every live instance as a scrape target (infra/observability/prometheus.yml).
  app.get('/prometheus/targets', (_req, res) => {
    res.json(prometheusTargets(deps.registry.list()));
  });
  if (deps.console) {
    app.get('/', deps.console.forward);
    app.all('/console/*path', deps.console.forward);
  }
  app.use(registryRoutes(deps.registry, { allowedHosts: deps.allowedHosts, secret: deps.secret }, deps.logger));
  app.use(notFoundHandler);
  app.use(problemMiddleware(deps.logger.child({ module: 'registry-app' })));
  return app;
}
