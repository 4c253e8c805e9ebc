import type { InstanceView, RegistryListing } from './snapshot.js';

interface Seen {
  service: string;
  instanceId: string;
  url: string;
  lastHeartbeatAt: number;
}

/**
 * The instances of each service and their state. The registry drops an instance soon after its
 * TTL, so the book remembers those it saw: a killed instance stays on the page as `down` (for
 * `forgetAfterMs`) instead of vanishing, until the same slot or URL registers again.
 */
export class InstanceBook {
  private readonly seen = new Map<string, Seen>();

  constructor(
    /** A heartbeat older than this (and younger than the TTL) is `stale`: typically 2 heartbeat intervals. */
    private readonly staleAfterMs: number,
    private readonly forgetAfterMs = 10 * 60_000,
  ) {}

  /** The instances now; `unreachable` are the URLs whose /metrics did not answer this round. */
  update(listing: RegistryListing, now: number, unreachable: ReadonlySet<string>): InstanceView[] {
    const views: InstanceView[] = [];
    const listed = new Set<string>();
    const listedUrls = new Set<string>();
    for (const [service, entries] of Object.entries(listing.services)) {
      for (const entry of entries) {
        const key = `${service} ${entry.instanceId}`;
        const lastHeartbeatAt = now - entry.lastHeartbeatMsAgo;
        listed.add(key);
        listedUrls.add(`${service} ${entry.url}`);
        this.seen.set(key, { service, instanceId: entry.instanceId, url: entry.url, lastHeartbeatAt });
        const base = { service, instanceId: entry.instanceId, url: entry.url, lastHeartbeatAt };
        if (entry.status === 'down')
          views.push({ ...base, state: 'down', reason: 'the gateway no longer routes to it' });
        else if (unreachable.has(entry.url)) views.push({ ...base, state: 'down', reason: 'not answering' });
        else if (entry.lastHeartbeatMsAgo > this.staleAfterMs)
          views.push({ ...base, state: 'stale', reason: 'heartbeat late' });
        else views.push({ ...base, state: 'up' });
      }
    }
    for (const [key, seen] of this.seen) {
      if (listed.has(key)) continue;
      const replaced = listedUrls.has(`${seen.service} ${seen.url}`);
      if (replaced || now - seen.lastHeartbeatAt > this.forgetAfterMs) {
        this.seen.delete(key);
        continue;
      }
      views.push({ ...seen, state: 'down', reason: 'dropped from the registry: no heartbeat within its TTL' });
    }
    return views.sort((a, b) => `${a.service} ${a.instanceId}`.localeCompare(`${b.service} ${b.instanceId}`));
  }
}
