import type { OrderRecord, OrderView } from './snapshot.js';

/** How long the console keeps asking Zipkin for an order's trace (its spans arrive in batches, ~5 s). */
const GIVE_UP_AFTER_MS = 120_000;
const ASK_EVERY_MS = 2000;

/**
 * Links each order to its trace in Zipkin. The orders table holds no trace id, so the console asks
 * Zipkin for the trace whose spans carry the order's `order.id` tag (order-service's
 * `wait for order visibility` span); until it is found the link is that search in Zipkin's UI.
 */
export class TraceLinks {
  private readonly found = new Map<string, string>();
  private readonly asked = new Map<string, { first: number; last: number }>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly zipkinUrl: string,
    private readonly traceOf: (orderId: string) => Promise<string | undefined>,
  ) {}

  link(orders: readonly OrderRecord[], now: number): OrderView[] {
    const base = this.zipkinUrl.replace(/\/+$/, '');
    return orders.map((order) => {
      const traceId = this.found.get(order.orderId);
      if (traceId) return { ...order, trace: { kind: 'trace', url: `${base}/zipkin/traces/${traceId}` } };
      this.ask(order.orderId, now);
      const query = new URLSearchParams({ annotationQuery: `order.id=${order.orderId}`, lookback: '86400000' });
      return { ...order, trace: { kind: 'search', url: `${base}/zipkin/?${query.toString()}` } };
    });
  }

  /** In the background: a snapshot never waits for Zipkin; the next one has the link. */
  private ask(orderId: string, now: number): void {
    const asked = this.asked.get(orderId) ?? { first: now, last: 0 };
    if (this.pending.has(orderId) || now - asked.last < ASK_EVERY_MS || now - asked.first > GIVE_UP_AFTER_MS) return;
    this.asked.set(orderId, { ...asked, last: now });
    this.pending.add(orderId);
    void this.traceOf(orderId)
      .then((traceId) => void (traceId && this.found.set(orderId, traceId)))
      .catch(() => undefined)
      .finally(() => this.pending.delete(orderId));
    if (this.asked.size > 1000) this.asked.delete(this.asked.keys().next().value!);
  }
}
