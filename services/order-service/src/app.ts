import type { Express } from 'express';
import { createServiceApp, type FieldProblem, type Logger, type ServiceMetrics } from '@order-platform/service-kit';
import type { OrderReader } from './domain/order.js';
import type { CancelOrder } from './domain/cancel-order.js';
import type { PlaceOrder } from './domain/place-order.js';
import { healthRoutes } from './entry-points/health-routes.js';
import { orderRoutes } from './entry-points/order-routes.js';

export interface AppDependencies {
  /** The port the server listens on (health_check reports it). */
  port: number;
  logger: Logger;
  placeOrder: PlaceOrder;
  cancelOrder: CancelOrder;
  orders: OrderReader;
  readiness: { problems(): Promise<FieldProblem[]> };
  /** True once shutdown began: ready answers 503. */
  closing: () => boolean;
  /** Served at `GET /metrics`, at the root: the gateway forwards only `/order-service/**`, never this. */
  metrics: ServiceMetrics;
}

/** The HTTP face of order-service, built from its dependencies; the composition root listens on it. */
export function createApp(deps: AppDependencies): Express {
  return createServiceApp(deps, (app) => app.use('/order-service', healthRoutes(deps), orderRoutes(deps)));
}
