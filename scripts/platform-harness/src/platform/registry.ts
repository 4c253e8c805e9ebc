import { waitForUrl } from '../processes/readiness.js';
import type { LaunchedProcess } from '../processes/launcher.js';
import { orderSlotId } from './entries.js';

export type ServiceName = 'order-service' | 'catalog-service';

export interface RegisteredInstance {
  instanceId: string;
  url: string;
  status: string;
}

type Listing = Record<string, RegisteredInstance[] | undefined>;

const parse = (body: string): Listing => (JSON.parse(body) as { services: Listing }).services;

/** The gateway's instance registry (`GET /registry` on its internal port), read as the gateway routes by it. */
export class Registry {
  constructor(readonly url: string) {}

  /** Every registered instance by service; undefined when no registry answers. */
  async listing(): Promise<Listing | undefined> {
    try {
      const response = await fetch(`${this.url}/registry`, { signal: AbortSignal.timeout(2000) });
      return response.ok ? parse(await response.text()) : undefined;
    } catch {
      return undefined;
    }
  }

  async instances(service: ServiceName): Promise<RegisteredInstance[]> {
    return (await this.listing())?.[service] ?? [];
  }

  /** Until the registry answers at all (the gateway is up), failing early when `process` exits first. */
  waitAnswering(options: { timeoutMs: number; process?: LaunchedProcess }): Promise<void> {
    return waitForUrl(`${this.url}/registry`, options);
  }

  /** Until the registry lists the instance at `instanceUrl` as up, i.e. the gateway routes to it. */
  waitUp(
    service: ServiceName,
    instanceUrl: string,
    options: { timeoutMs: number; process?: LaunchedProcess },
  ): Promise<void> {
    return waitForUrl(`${this.url}/registry`, {
      ...options,
      intervalMs: 100,
      accept: (status, body) =>
        status === 200 &&
        (parse(body)[service] ?? []).some((instance) => instance.url === instanceUrl && instance.status === 'up'),
    });
  }

  /**
   * The first slot `order-N` no instance in the registry holds; undefined when no registry answers
   * (then nothing tells which slots are taken).
   */
  async nextFreeOrderSlot(): Promise<string | undefined> {
    const listing = await this.listing();
    if (!listing) return undefined;
    const taken = new Set((listing['order-service'] ?? []).map((instance) => instance.instanceId));
    for (let n = 1; ; n += 1) if (!taken.has(orderSlotId(n))) return orderSlotId(n);
  }
}
