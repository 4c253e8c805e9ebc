import express, { type Express } from 'express';
import { notFoundHandler, problemMiddleware, type FieldProblem, type Logger } from '@order-platform/service-kit';
import type { OrderReader } from './domain/order.js';
import type { PlaceOrder } from './domain/place-order.js';
import { healthRoutes } from './entry-points/health-routes.js';
import { orderRoutes } from './entry-points/order-routes.js';
import { requestContext } from './entry-points/request-context.js';

export interface AppDependencies {
  /** The port the server listens on (health_check reports it). */
  port: number;
  logger: Logger;
  placeOrder: PlaceOrder;
  orders: OrderReader;
  readiness: { problems(): Promise<FieldProblem[]> };
  /** True once shutdown began: ready answers 503 and connections are not kept alive. */
  closing: () => boolean;
}

/** The HTTP face of order-service, built from its dependencies; main.ts and the tests listen on it. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express hashes every body for an ETag (SHA-1 of the 164 KB of a 1,000-order list: 6% of the
  // instance's CPU in `pnpm bench -- --profile`), while an order list changes with each order and
  // no client of this API revalidates.
  app.disable('etag');
  app.use(requestContext(deps.logger, { closing: deps.closing }));
  app.use('/order-service', healthRoutes(deps), orderRoutes(deps));
  app.use(notFoundHandler);
  app.use(problemMiddleware(deps.logger));
  return app;
}
