import { InstanceBook } from './instance-book.js';
import { OrderRateWindow, parseOrderCounts } from './order-rates.js';
import type { Reading, RegistryListing, Snapshot } from './snapshot.js';
import type { ConsoleSources } from './sources.js';
import { TraceLinks } from './trace-links.js';

export interface CollectorOptions {
  /** How long one read may take: a source slower than that is shown as unavailable this round. */
  timeoutMs: number;
  /** An instance whose heartbeat is older than this is `stale`. */
  staleAfterMs: number;
  /** Zipkin's base URL when tracing is on (orders are linked to their traces), else undefined. */
  zipkinUrl?: string;
  now?: () => number;
}

async function read<T>(work: () => Promise<T>, timeoutMs: number): Promise<Reading<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([work(), timeout]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One snapshot of everything the console shows, every source read at once, each within the timeout.
 * The instances and the order rates come from the registry and each instance's /metrics: an
 * instance whose /metrics does not answer is down, whatever its last heartbeat says.
 */
export function createSnapshotCollector(sources: ConsoleSources, options: CollectorOptions): () => Promise<Snapshot> {
  const now = options.now ?? Date.now;
  const book = new InstanceBook(options.staleAfterMs);
  const rates = new OrderRateWindow();
  const links = options.zipkinUrl ? new TraceLinks(options.zipkinUrl, (id) => sources.traceOf(id)) : undefined;
  const timed = <T>(work: () => Promise<T>) => read(work, options.timeoutMs);

  const instancesAndRates = async (): Promise<Pick<Snapshot, 'instances' | 'rates'>> => {
    const listing = await timed(() => sources.registry());
    if (!listing.ok) return { instances: listing, rates: { ok: false, error: 'the registry did not answer' } };
    const scraped = await scrapeAll(listing.value);
    const at = now();
    const unreachable = new Set(scraped.filter((entry) => !entry.text.ok).map((entry) => entry.url));
    const counts = new Map<string, ReturnType<typeof parseOrderCounts> & object>();
    for (const entry of scraped) {
      const parsed =
        entry.service === 'order-service' && entry.text.ok ? parseOrderCounts(entry.text.value) : undefined;
      if (parsed) counts.set(entry.instanceId, parsed);
    }
    return {
      instances: { ok: true, value: book.update(listing.value, at, unreachable) },
      rates: { ok: true, value: rates.add(at, counts) },
    };
  };

  const scrapeAll = (listing: RegistryListing) =>
    Promise.all(
      Object.entries(listing.services).flatMap(([service, entries]) =>
        entries.map(async (entry) => ({ service, ...entry, text: await timed(() => sources.metrics(entry.url)) })),
      ),
    );

  return async () => {
    const [live, kafka, connectors, stock, orders] = await Promise.all([
      instancesAndRates(),
      timed(() => sources.kafka()),
      timed(() => sources.connectors()),
      timed(() => sources.stock()),
      timed(() => sources.latestOrders()),
    ]);
    const at = now();
    const linked: Snapshot['orders'] = orders.ok
      ? { ok: true, value: links ? links.link(orders.value, at) : orders.value }
      : orders;
    return { at, ...live, kafka, connectors, stock, orders: linked, tracing: links !== undefined };
  };
}
