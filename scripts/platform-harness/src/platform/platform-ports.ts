import { findFreePort } from '../processes/ports.js';
import { HOST } from './entries.js';

/** Where a platform listens: given, or the first free ports from `from` upwards, in this order. */
export type PortChoice = PlatformPorts | { from: number };

export interface PlatformPorts {
  gateway: number;
  registry: number;
  catalog: number;
  /** The console's own port (the gateway's internal port forwards `/` and `/console/**` to it). */
  console: number;
  /** The first port tried for order-service instances; each new one takes the next free one. */
  orderBase: number;
}

export async function resolvePorts(choice: PortChoice): Promise<PlatformPorts> {
  if (!('from' in choice)) return choice;
  const gateway = await findFreePort(choice.from, { host: HOST });
  const registry = await findFreePort(gateway + 1, { host: HOST });
  const catalog = await findFreePort(registry + 1, { host: HOST });
  const console = await findFreePort(catalog + 1, { host: HOST });
  return { gateway, registry, catalog, console, orderBase: console + 1 };
}

/**
 * Hands out order-service ports: the first free one above the last handed out (from `orderBase`),
 * never one the platform's other processes own (Kafka Connect's 8083 is skipped as a port in use).
 */
export class OrderPorts {
  private last: number | undefined;
  /** One search at a time, so instances started together never get the same port. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ports: PlatformPorts) {}

  next(): Promise<number> {
    const port = this.queue.then(async () => {
      const { gateway, registry, catalog, console, orderBase } = this.ports;
      this.last = await findFreePort(this.last === undefined ? orderBase : this.last + 1, {
        host: HOST,
        skip: [gateway, registry, catalog, console],
      });
      return this.last;
    });
    this.queue = port.catch(() => undefined);
    return port;
  }
}
