import type { Snapshot } from './snapshot.js';

export type SnapshotListener = (snapshot: Snapshot) => void;

/**
 * Reads snapshots every `refreshMs` while someone watches (an open page's event stream), and not at
 * all otherwise: an idle console costs Kafka, Connect and the database nothing. One read at a time;
 * a page load between refreshes gets the latest snapshot when it is fresh enough.
 */
export class ConsoleMonitor {
  private latest: Snapshot | undefined;
  private reading: Promise<Snapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners = new Set<SnapshotListener>();

  constructor(
    private readonly collect: () => Promise<Snapshot>,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The latest snapshot if younger than a refresh, else a new one. */
  current(): Promise<Snapshot> {
    if (this.latest && this.now() - this.latest.at < this.refreshMs) return Promise.resolve(this.latest);
    return this.read();
  }

  /** Calls `listener` with every new snapshot until the returned function is called. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.schedule(0);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) clearTimeout(this.timer);
    };
  }

  stop(): void {
    this.stopped = true;
    this.listeners.clear();
    clearTimeout(this.timer);
  }

  private read(): Promise<Snapshot> {
    this.reading ??= this.collect()
      .then((snapshot) => {
        this.latest = snapshot;
        for (const listener of this.listeners) listener(snapshot);
        return snapshot;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      const started = this.now();
      // collect() never rejects (every source is caught); a bug still must not stop the refreshes.
      void this.read()
        .catch(() => undefined)
        .finally(() => this.schedule(Math.max(0, this.refreshMs - (this.now() - started))));
    }, delayMs);
  }
}
