import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlOf } from '@order-platform/platform-harness';
import { checkPrometheusText, fetchMetrics, sumOf, uniqueId, waitUntil } from '@order-platform/test-kit';
import { OrdersClient } from './support/orders-client.js';
import { startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * The platform's metrics as a Prometheus sees them: the real gateway, two order-service instances
 * and catalog-service as processes on this file's own ports, catalog topic, group and database.
 * Each /metrics parses with promtool; N orders through the gateway move the order and catalog
 * counters by exactly N; /prometheus/targets follows the live instances.
 */
let under: TestPlatform;

beforeAll(async () => {
  under = await startTestPlatform('platform-metrics', { firstPort: 22_000 });
}, 180_000);

afterAll(async () => {
  await under?.stop();
}, 60_000);

/** Every process's metrics origin: the instances' own ports, the gateway's internal one. */
const origins = () => ({
  gateway: under.platform.registryUrl,
  orders: under.platform.runningOrders().map((instance) => urlOf(instance.port)),
  catalog: urlOf(under.ports.catalog),
});

async function scrape() {
  const { gateway, orders, catalog } = origins();
  return {
    gateway: await fetchMetrics(gateway),
    orders: await Promise.all(orders.map(fetchMetrics)),
    catalog: await fetchMetrics(catalog),
  };
}

type Scrape = Awaited<ReturnType<typeof scrape>>;

/** A series summed over the order-service instances. */
const overOrders = (texts: string[], name: string, labels: Record<string, string> = {}) =>
  texts.reduce((sum, text) => sum + sumOf(text, name, labels), 0);

const catalogOutcomes = (scraped: Scrape) =>
  ['applied', 'rejected', 'duplicate', 'dead-lettered'].map((outcome) =>
    sumOf(scraped.catalog, 'catalog_service_orders_total', { outcome }),
  );

describe('the platform metrics', () => {
  it('when every process is scraped, then each /metrics parses with promtool and has no problem', async () => {
    const scraped = await scrape();
    expect(scraped.orders).toHaveLength(2);
    for (const text of [scraped.gateway, ...scraped.orders, scraped.catalog])
      expect(await checkPrometheusText(text)).toEqual([]);
  });

  it('when N orders go through the gateway, then the order and catalog counters moved by exactly N', async () => {
    const n = 6;
    const client = new OrdersClient(under.gatewayUrl);
    const before = await scrape();
    for (let i = 0; i < n; i++) {
      const answer = await client.post(uniqueId('metrics-user'), { productId: 'CATALOG-0002', qty: 1, unitPrice: 900 });
      expect([201, 202]).toContain(answer.status);
    }
    const [applied] = catalogOutcomes(before);
    await waitUntil(
      `catalog-service to apply the ${n} orders`,
      async () => catalogOutcomes(await scrape())[0]! >= applied! + n,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string> = {}) =>
      overOrders(after.orders, name, labels) - overOrders(before.orders, name, labels);
    expect(moved('order_service_orders_total')).toBe(n);
    expect(moved('order_service_orders_total', { result: 'unavailable' })).toBe(0);
    expect(moved('order_service_kafka_transaction_orders_sum')).toBe(n);
    expect(moved('order_service_visibility_wait_seconds_count')).toBe(n);
    const catalogMoved = catalogOutcomes(after).map((value, index) => value - catalogOutcomes(before)[index]!);
    expect(catalogMoved).toEqual([n, 0, 0, 0]);
    const posts = (text: string) =>
      sumOf(text, 'http_server_requests_total', { method: 'POST', route: '/order-service/**' });
    expect(posts(after.gateway) - posts(before.gateway)).toBe(n);
  });

  it('when /metrics is asked through the public port, under any service, then no metrics come back', async () => {
    for (const path of ['/metrics', '/order-service/metrics', '/catalog-service/metrics']) {
      const response = await fetch(`${under.gatewayUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toContain('# TYPE');
    }
  });

  it(
    'when /prometheus/targets is read, then it lists exactly the live instances;' +
      ' when an instance is killed, then it is gone after the registry TTL',
    async () => {
      const read = async () => {
        const response = await fetch(`${under.platform.registryUrl}/prometheus/targets`);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const groups = (await response.json()) as Array<{ targets: string[]; labels: Record<string, string> }>;
        return groups.map((group) => `${group.labels.service} ${group.labels.instance_id} ${group.targets.join()}`);
      };
      const expected = () => [
        `catalog-service catalog-service-${under.ports.catalog} 127.0.0.1:${under.ports.catalog}`,
        ...under.platform
          .runningOrders()
          .map((instance) => `order-service ${instance.instanceId} 127.0.0.1:${instance.port}`),
      ];
      expect((await read()).sort()).toEqual(expected().sort());

      const victim = under.platform.runningOrders()[1]!;
      victim.process.kill('SIGKILL');
      await victim.process.exited;
      await waitUntil(
        `${victim.instanceId} to leave the targets`,
        async () => !(await read()).some((target) => target.includes(` ${victim.instanceId} `)),
        { timeoutMs: 15_000, intervalMs: 200 },
      );
      expect((await read()).sort()).toEqual(expected().sort());
      expect(expected()).toHaveLength(2);
    },
  );
});
