import { describe, expect, it } from 'vitest';
import { checkPrometheusText, fetchMetrics, sumOf, waitUntil } from '@order-platform/test-kit';
import { closeAfterEach, deadPort, send, startGateway, startUpstream } from './helpers.js';

const track = closeAfterEach();

const targetsOf = async (registryUrl: string) => {
  const response = await fetch(`${registryUrl}/prometheus/targets`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json(; charset=utf-8)?$/);
  return (await response.json()) as Array<{ targets: string[]; labels: Record<string, string> }>;
};

describe('gateway metrics', () => {
  it('when /metrics is read on the internal port, then promtool finds no problem in it', async () => {
    const gateway = await track(startGateway());
    await send(gateway.port, '/order-service/user-1/orders');
    const text = await fetchMetrics(gateway.registryUrl);
    const families = ['http_server_requests_total', 'gateway_live_instances', 'gateway_upstream_attempts_total'];
    expect(await checkPrometheusText(text, [...families, 'process_cpu_seconds_total'])).toEqual([]);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('when /metrics or /prometheus/targets is asked on the public port, then it is a 404 problem', async () => {
    const gateway = await track(startGateway());
    for (const path of ['/metrics', '/prometheus/targets']) {
      const response = await send(gateway.port, path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('when requests are answered, then they are counted by route pattern and status, never by raw path', async () => {
    const gateway = await track(startGateway());
    const upstream = await track(startUpstream('order-1'));
    expect((await gateway.register('order-service', 'order-1', upstream.url)).status).toBe(201);
    expect((await gateway.register('no-such-service', 'x', upstream.url)).status).toBe(404);
    await send(gateway.port, '/order-service/user-1/orders');
    await send(gateway.port, '/order-service/user-2/orders');
    await send(gateway.port, '/catalog-service/catalogs');
    await send(gateway.port, '/somewhere/else');

    const text = await fetchMetrics(gateway.registryUrl);
    const count = (route: string, status: string) => sumOf(text, 'http_server_requests_total', { route, status });
    expect(count('/order-service/**', '200')).toBe(2);
    expect(count('/catalog-service/**', '503')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    expect(count('/registry/:service/:instanceId', '201')).toBe(1);
    expect(count('/registry/:service/:instanceId', '404')).toBe(1);
    expect(text).not.toContain('user-1');
    expect(sumOf(text, 'gateway_live_instances', { service: 'order-service' })).toBe(1);
  });

  it('when an instance refuses the connection, then the attempt, the retry and the failover are counted', async () => {
    const gateway = await track(startGateway());
    const live = await track(startUpstream('live'));
    await gateway.register('order-service', 'dead', `http://127.0.0.1:${await deadPort()}`);
    await gateway.register('order-service', 'live', live.url);

    expect((await send(gateway.port, '/order-service/health_check')).status).toBe(200);
    const text = await fetchMetrics(gateway.registryUrl);
    const service = 'order-service';
    expect(sumOf(text, 'gateway_upstream_attempts_total', { service, outcome: 'refused' })).toBe(1);
    expect(sumOf(text, 'gateway_upstream_attempts_total', { service, outcome: 'answered' })).toBe(1);
    expect(sumOf(text, 'gateway_upstream_retries_total', { service })).toBe(1);
    expect(sumOf(text, 'gateway_upstream_failovers_total', { service })).toBe(1);
    expect(sumOf(text, 'gateway_live_instances', { service })).toBe(1);
  });

  it(
    'when instances register, then /prometheus/targets lists each as an http_sd group;' +
      ' when one stops heartbeating, then it is gone after the TTL',
    async () => {
      const gateway = await track(startGateway({ ttlMs: 500 }));
      await gateway.register('order-service', 'order-1', 'http://127.0.0.1:18081');
      await gateway.register('order-service', 'order-2', 'http://localhost:18082');
      await gateway.register('catalog-service', 'catalog-1', 'http://127.0.0.1:18090');
      expect(await targetsOf(gateway.registryUrl)).toEqual([
        { targets: ['127.0.0.1:18090'], labels: { service: 'catalog-service', instance_id: 'catalog-1' } },
        { targets: ['127.0.0.1:18081'], labels: { service: 'order-service', instance_id: 'order-1' } },
        { targets: ['localhost:18082'], labels: { service: 'order-service', instance_id: 'order-2' } },
      ]);

      // order-1 and catalog-1 keep their heartbeats; order-2's stop.
      const beat = setInterval(() => {
        void gateway.register('order-service', 'order-1', 'http://127.0.0.1:18081');
        void gateway.register('catalog-service', 'catalog-1', 'http://127.0.0.1:18090');
      }, 100);
      try {
        const ids = async () => (await targetsOf(gateway.registryUrl)).map((group) => group.labels.instance_id);
        await waitUntil('order-2 to leave the targets', async () => !(await ids()).includes('order-2'), {
          timeoutMs: 5000,
        });
        expect(await ids()).toEqual(['catalog-1', 'order-1']);
      } finally {
        clearInterval(beat);
      }
    },
  );
});
