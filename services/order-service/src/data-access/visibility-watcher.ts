import { trace } from '@opentelemetry/api';
import { outsideAnyTrace, type Logger } from '@order-platform/service-kit';
import type { OrderVisibility } from '../domain/order.js';

const tracer = trace.getTracer('order-service');

interface Waiter {
  resolve: (visible: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * The one watcher of an instance: however many POSTs wait for the sink, it runs ONE query per
 * poll (`SELECT order_id ... WHERE order_id IN (...)` over all pending ids, in chunks) and only
 * while someone waits. Each waiter has its own deadline timer, so a slow or failing database
 * turns into 202 answers on time rather than into late ones.
 */
export class VisibilityWatcher implements OrderVisibility {
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly log: Logger;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private finishing = false;
  private polls = 0;

  constructor(
    private readonly findExisting: (orderIds: string[]) => Promise<string[]>,
    private readonly options: { pollMs: number; chunkSize?: number; logger: Logger },
  ) {
    this.log = options.logger.child({ module: 'visibility-watcher' });
  }

  waitUntilVisible(orderId: string, timeoutMs: number): Promise<boolean> {
    // The request's wait for the sink, in its trace: how long, and whether the order became readable (201) or not.
    const span = tracer.startSpan('wait for order visibility', {
      attributes: { 'order.id': orderId, 'order.visibility_wait_ms': timeoutMs },
    });
    return new Promise<boolean>((settle) => {
      const resolve = (visible: boolean) => {
        span.setAttribute('order.visible', visible);
        span.end();
        settle(visible);
      };
      const waiter: Waiter = { resolve, timer: setTimeout(() => this.settle(orderId, waiter, false), timeoutMs) };
      this.waiters.set(orderId, [...(this.waiters.get(orderId) ?? []), waiter]);
      this.schedule();
    });
  }

  async isVisible(orderId: string): Promise<boolean> {
    return (await this.findExisting([orderId])).includes(orderId);
  }

  /** Number of queries run so far (for tests and metrics). */
  pollCount(): number {
    return this.polls;
  }

  pending(): number {
    return this.waiters.size;
  }

  /**
   * Shutdown: every waiter, present or future, is answered right after the next poll that covers
   * it (visible or not), instead of at its deadline.
   */
  finish(): void {
    this.finishing = true;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.pollTimer || this.polling || this.waiters.size === 0) return;
    // One poll serves every waiter: it runs outside any one request's trace.
    this.pollTimer = outsideAnyTrace(() =>
      setTimeout(() => void this.poll(), this.finishing ? 0 : this.options.pollMs),
    );
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    this.polling = true;
    const ids = [...this.waiters.keys()];
    const chunkSize = this.options.chunkSize ?? 500;
    try {
      for (let start = 0; start < ids.length; start += chunkSize) {
        this.polls += 1;
        for (const found of await this.findExisting(ids.slice(start, start + chunkSize))) this.settleAll(found, true);
      }
    } catch (error) {
      this.log.warn(
        { err: error, pending: ids.length },
        'visibility query failed; waiters fall back to 202 at their deadline',
      );
    }
    if (this.finishing) for (const id of ids) this.settleAll(id, false);
    this.polling = false;
    this.schedule();
  }

  private settleAll(orderId: string, visible: boolean): void {
    for (const waiter of this.waiters.get(orderId) ?? []) this.settle(orderId, waiter, visible);
  }

  private settle(orderId: string, waiter: Waiter, visible: boolean): void {
    clearTimeout(waiter.timer);
    const rest = (this.waiters.get(orderId) ?? []).filter((other) => other !== waiter);
    if (rest.length) this.waiters.set(orderId, rest);
    else this.waiters.delete(orderId);
    waiter.resolve(visible);
  }
}
