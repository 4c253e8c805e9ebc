import type { OrderCounts, OrderRates } from './snapshot.js';

const RESULTS = { created: 'created', accepted: 'accepted', unavailable: 'unavailable' } as const;
const SAMPLE = /^order_service_orders_total\{([^}]*)\}\s+(\S+)/;

const zero = (): OrderCounts => ({ created: 0, accepted: 0, unavailable: 0 });

/** `order_service_orders_total{result=...}` of one instance's /metrics text (docs/design.md, §3.5). */
export function parseOrderCounts(text: string): OrderCounts | undefined {
  let found = false;
  const counts = zero();
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const result = /(?:^|,)result="([^"]*)"/.exec(match[1]!)?.[1];
    const value = Number(match[2]);
    if (result && result in RESULTS && Number.isFinite(value)) {
      counts[result as keyof OrderCounts] += value;
      found = true;
    }
  }
  return found ? counts : undefined;
}

const add = (a: OrderCounts, b: OrderCounts): OrderCounts => ({
  created: a.created + b.created,
  accepted: a.accepted + b.accepted,
  unavailable: a.unavailable + b.unavailable,
});

const sum = (counts: OrderCounts) => counts.created + counts.accepted + counts.unavailable;

/**
 * Orders per second and the 201/202/503 split over a sliding window, from the instances' counters
 * read at each refresh. A counter that went down is an instance restarted in the same slot: its
 * new value is what it answered since. An instance's first reading only sets its baseline (what it
 * answered before the console looked is in the totals, not in the rate).
 */
export class OrderRateWindow {
  private readonly last = new Map<string, OrderCounts>();
  private readonly deltas: Array<{ at: number; counts: OrderCounts }> = [];
  private firstAt: number | undefined;

  constructor(private readonly windowMs = 5000) {}

  add(at: number, byInstance: ReadonlyMap<string, OrderCounts>): OrderRates {
    this.firstAt ??= at;
    let delta = zero();
    let totals = zero();
    for (const [instance, counts] of byInstance) {
      const previous = this.last.get(instance);
      if (previous) delta = add(delta, sum(counts) >= sum(previous) ? difference(counts, previous) : counts);
      this.last.set(instance, counts);
      totals = add(totals, counts);
    }
    this.deltas.push({ at, counts: delta });
    while (this.deltas.length > 0 && this.deltas[0]!.at <= at - this.windowMs) this.deltas.shift();
    const window = this.deltas.reduce((acc, entry) => add(acc, entry.counts), zero());
    const windowSeconds = Math.min(this.windowMs, at - this.firstAt) / 1000;
    const perSecond = windowSeconds > 0 ? sum(window) / windowSeconds : 0;
    return { windowSeconds, perSecond, window, totals, scraped: byInstance.size };
  }
}

function difference(a: OrderCounts, b: OrderCounts): OrderCounts {
  return {
    created: Math.max(0, a.created - b.created),
    accepted: Math.max(0, a.accepted - b.accepted),
    unavailable: Math.max(0, a.unavailable - b.unavailable),
  };
}
