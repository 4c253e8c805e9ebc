import { LATENCY_BUCKETS, createServiceMetrics, type ServiceMetrics } from '@order-platform/service-kit';
import type { TransactionObserver } from './data-access/transactional-order-publisher.js';
import type { PlaceOrderObserver, PlacementResult } from './domain/place-order.js';

export interface OrderServiceMetrics {
  http: ServiceMetrics;
  transactions: TransactionObserver;
  placement: PlaceOrderObserver;
  /** Where the orders-in-doubt gauge reads its value at each scrape. */
  countInDoubt(count: () => number): void;
}

const RESULTS: PlacementResult[] = ['created', 'accepted', 'unavailable'];
const OUTCOMES = ['committed', 'not-committed', 'in-doubt'] as const;
const ORDER_COUNTS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** The Kafka side: transactions, and the orders they hold. */
const KAFKA_HELP = {
  transactions:
    'Kafka transactions by outcome: committed, not-committed (aborted, never begun), in-doubt (answer lost).',
  orders: 'Orders in each committed Kafka transaction (each order is two records, one per topic).',
  commits: 'Time until EndTxn(commit) was answered, for the commits that were.',
  inDoubt: 'Orders whose commit answer was lost, held and re-published until a commit succeeds.',
};

/** The answers. */
const ORDER_HELP = {
  orders: 'Orders by result: created (201, readable), accepted (202, durable, not readable yet), unavailable (503).',
  waits: 'How long a committed order waited until the sink wrote it (visible="true") or the wait ended (202).',
};

/**
 * order-service's own metrics, besides the HTTP and process ones: its Kafka transactions (outcome,
 * orders in each, commit latency, orders in doubt) and what became of each order (201 created,
 * 202 accepted, 503 unavailable) after how long a wait for the sink.
 */
export function createOrderServiceMetrics(): OrderServiceMetrics {
  const http = createServiceMetrics();
  const transactions = http.counter('order_service_kafka_transactions_total', KAFKA_HELP.transactions, ['outcome']);
  const ordersPerTransaction = http.histogram(
    'order_service_kafka_transaction_orders',
    KAFKA_HELP.orders,
    ORDER_COUNTS,
  );
  const commits = http.histogram('order_service_kafka_commit_duration_seconds', KAFKA_HELP.commits, LATENCY_BUCKETS);
  let inDoubt = () => 0;
  http.gauge('order_service_orders_in_doubt', KAFKA_HELP.inDoubt, { collect: (gauge) => gauge.set(inDoubt()) });
  const orders = http.counter('order_service_orders_total', ORDER_HELP.orders, ['result']);
  const waits = http.histogram('order_service_visibility_wait_seconds', ORDER_HELP.waits, LATENCY_BUCKETS, ['visible']);
  for (const result of RESULTS) orders.inc({ result }, 0);
  for (const outcome of OUTCOMES) transactions.inc({ outcome }, 0);

  return {
    http,
    transactions: {
      transactionEnded(outcome, count) {
        transactions.inc({ outcome });
        if (outcome === 'committed') ordersPerTransaction.observe(count);
      },
      commitAnswered: (seconds) => commits.observe(seconds),
    },
    placement: {
      placed: (result) => orders.inc({ result }),
      waitedForVisibility: (seconds, visible) => waits.observe({ visible: String(visible) }, seconds),
    },
    countInDoubt(count) {
      inDoubt = count;
    },
  };
}
