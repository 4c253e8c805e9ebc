import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../processes/ports.js';
import { OrderPorts, resolvePorts } from './platform-ports.js';

describe('the ports of a platform', () => {
  it('when ports are chosen from a start, then gateway, registry, catalog, console, orders follow', async () => {
    const ports = await resolvePorts({ from: 24_000 });
    expect(ports.registry).toBeGreaterThan(ports.gateway);
    expect(ports.catalog).toBeGreaterThan(ports.registry);
    expect(ports.console).toBeGreaterThan(ports.catalog);
    expect(ports.orderBase).toBe(ports.console + 1);
  });

  it('when instances ask for ports at once, then each gets its own, none of the platform or in use', async () => {
    const base = await findFreePort(24_100);
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(base + 1, '127.0.0.1', resolve));
    try {
      const orders = new OrderPorts({ gateway: 1, registry: 2, catalog: base + 2, console: 3, orderBase: base });
      const given = await Promise.all([orders.next(), orders.next(), orders.next()]);
      expect(new Set(given).size).toBe(3);
      expect(given[0]).toBe(base);
      expect(given).not.toContain(base + 1);
      expect(given).not.toContain(base + 2);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
