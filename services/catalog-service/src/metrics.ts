import { LATENCY_BUCKETS, createServiceMetrics, type ServiceMetrics } from '@order-platform/service-kit';
import type { ConsumerObserver } from './entry-points/order-consumer.js';

export interface CatalogMetrics {
  http: ServiceMetrics;
  consumer: ConsumerObserver;
}

const OUTCOMES = ['applied', 'rejected', 'duplicate', 'dead-lettered'] as const;
const HELP = {
  orders: 'Order messages settled, by outcome: applied, rejected (not enough stock), duplicate, dead-lettered.',
  batches: 'Time to apply consecutive orders to stock in one database transaction, retries included.',
  lag: 'Records of a partition behind the last batch this consumer fetched (high watermark - last offset - 1).',
};

/**
 * catalog-service's own metrics, besides the HTTP and process ones: what became of each order
 * message, how long each database transaction of orders took, and the consumer's lag per partition.
 */
export function createCatalogMetrics(): CatalogMetrics {
  const http = createServiceMetrics();
  const orders = http.counter('catalog_service_orders_total', HELP.orders, ['outcome']);
  const batches = http.histogram('catalog_service_batch_duration_seconds', HELP.batches, LATENCY_BUCKETS);
  const lag = http.gauge('catalog_service_consumer_lag_records', HELP.lag, { labelNames: ['partition'] });
  for (const outcome of OUTCOMES) orders.inc({ outcome }, 0);

  return {
    http,
    consumer: {
      handled: (outcome) => orders.inc({ outcome }),
      applied: (seconds) => batches.observe(seconds),
      lag: (partition, records) => lag.set({ partition: String(partition) }, records),
      joined: () => lag.reset(),
    },
  };
}
