import { SERVICES, type ServiceName } from './services.js';

/** An instance's origin, parsed once at registration (the proxy needs it on every request). */
export interface UpstreamTarget {
  protocol: string;
  host: string;
  hostname: string;
  port: string;
  path: string;
}

export interface Instance {
  readonly service: ServiceName;
  readonly instanceId: string;
  url: string;
  target: UpstreamTarget;
  /** Last heartbeat (clock ms). */
  lastSeen: number;
  /** Set by the passive health check (a refused connection); cleared by the next heartbeat. */
  down: boolean;
}

export type RegisterOutcome = 'registered' | 'refreshed' | 'revived' | 'moved';

/** Another live instance holds the id at another URL: the registration was refused, nothing changed. */
export interface RegisterConflict {
  conflict: true;
  liveUrl: string;
}

export interface RegistryOptions {
  ttlMs: number;
  now?: () => number;
}

/**
 * Who serves each service, from the instances' own heartbeats. An instance counts as live while
 * its last heartbeat is younger than the TTL and no request has found it dead since. `next()`
 * hands out live instances round-robin; it checks the TTL itself, so routing never depends on
 * when `sweep()` last ran.
 */
export class ServiceRegistry {
  private readonly byService = new Map<ServiceName, Instance[]>(SERVICES.map((service) => [service, []]));
  private readonly cursors = new Map<ServiceName, number>(SERVICES.map((service) => [service, 0]));
  private readonly now: () => number;
  readonly ttlMs: number;

  constructor(options: RegistryOptions) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /**
   * Register or heartbeat (idempotent). Another instance id on the same URL is a restart: it
   * replaces it. The same id at another URL is refused while the instance holding it is live (a
   * heartbeat within the TTL, even if a request found it down): an id names one slot, and two
   * processes sharing it would fence each other's Kafka transactions. Once the holder expired or
   * deregistered, the id moves to the new URL (a slot restarted on another port).
   */
  register(service: ServiceName, instanceId: string, url: string): RegisterOutcome | RegisterConflict {
    const instances = this.instances(service);
    const now = this.now();
    const existing = instances.find((instance) => instance.instanceId === instanceId);
    if (existing && existing.url !== url && this.isFresh(existing, now))
      return { conflict: true, liveUrl: existing.url };
    this.byService.set(
      service,
      instances.filter((instance) => instance.instanceId === instanceId || instance.url !== url),
    );
    if (!existing) {
      this.instances(service).push({ service, instanceId, url, target: targetOf(url), lastSeen: now, down: false });
      return 'registered';
    }
    const outcome: RegisterOutcome =
      existing.url !== url ? 'moved' : existing.down || !this.isFresh(existing, now) ? 'revived' : 'refreshed';
    if (existing.url !== url) existing.target = targetOf(url);
    existing.url = url;
    existing.lastSeen = now;
    existing.down = false;
    return outcome;
  }

  deregister(service: ServiceName, instanceId: string): Instance | undefined {
    const instances = this.instances(service);
    const index = instances.findIndex((instance) => instance.instanceId === instanceId);
    if (index < 0) return undefined;
    return instances.splice(index, 1)[0];
  }

  /** Passive health check: a request found it dead; no traffic until its next heartbeat. */
  markDown(instance: Instance): boolean {
    const wasUp = !instance.down;
    instance.down = true;
    return wasUp;
  }

  /** The next live instance round-robin, skipping `exclude` (instances a request already tried). */
  next(service: ServiceName, exclude?: readonly Instance[]): Instance | undefined {
    const instances = this.instances(service);
    const count = instances.length;
    if (count === 0) return undefined;
    const now = this.now();
    const start = this.cursors.get(service)!;
    for (let step = 0; step < count; step++) {
      const index = (start + step) % count;
      const instance = instances[index]!;
      if (instance.down || !this.isFresh(instance, now) || exclude?.includes(instance)) continue;
      this.cursors.set(service, (index + 1) % count);
      return instance;
    }
    return undefined;
  }

  /** Drops instances whose heartbeats stopped; returns them (for the log). */
  sweep(): Instance[] {
    const now = this.now();
    const dropped: Instance[] = [];
    for (const [service, instances] of this.byService) {
      const kept = instances.filter((instance) => this.isFresh(instance, now) || (dropped.push(instance), false));
      if (kept.length !== instances.length) this.byService.set(service, kept);
    }
    return dropped;
  }

  list(): Record<
    ServiceName,
    Array<{ instanceId: string; url: string; status: 'up' | 'down'; lastHeartbeatMsAgo: number }>
  > {
    const now = this.now();
    const result = {} as ReturnType<ServiceRegistry['list']>;
    for (const [service, instances] of this.byService) {
      result[service] = instances.map((instance) => ({
        instanceId: instance.instanceId,
        url: instance.url,
        status: instance.down || !this.isFresh(instance, now) ? 'down' : 'up',
        lastHeartbeatMsAgo: now - instance.lastSeen,
      }));
    }
    return result;
  }

  private instances(service: ServiceName): Instance[] {
    return this.byService.get(service)!;
  }

  private isFresh(instance: Instance, now: number): boolean {
    return now - instance.lastSeen < this.ttlMs;
  }
}

export function targetOf(origin: string): UpstreamTarget {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { protocol: url.protocol, host: `${url.hostname}:${port}`, hostname, port, path: '/' };
}
