import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startRegistration } from '@order-platform/service-kit';
import { waitUntil } from '@order-platform/test-kit';
import { send, startGateway, startUpstream, type TestGateway, type Upstream } from './helpers.js';

const put = (gateway: TestGateway, path: string, body: unknown, contentType = 'application/json') =>
  fetch(`${gateway.registryUrl}${path}`, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('service registry', () => {
  let gateway: TestGateway;
  let first: Upstream;
  let second: Upstream;

  beforeAll(async () => {
    gateway = await startGateway({ ttlMs: 500 });
    [first, second] = await Promise.all([startUpstream('first'), startUpstream('second')]);
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), first.close(), second.close()]);
  });

  it.each([
    ['an unknown service', '/registry/payment-service/x', { url: 'http://127.0.0.1:8081' }, 404],
    ['a host outside the allow-list', '/registry/order-service/x', { url: 'http://10.1.2.3:8081' }, 400],
    ['an https URL', '/registry/order-service/x', { url: 'https://127.0.0.1:8081' }, 400],
    ['a URL with a path', '/registry/order-service/x', { url: 'http://127.0.0.1:8081/admin' }, 400],
    ['credentials in the URL', '/registry/order-service/x', { url: 'http://a:b@127.0.0.1:8081' }, 400],
    ['no url at all', '/registry/order-service/x', {}, 400],
    ['a url that is a number', '/registry/order-service/x', { url: 8081 }, 400],
    ['malformed JSON', '/registry/order-service/x', '{"url":', 400],
    ['an instance id with odd characters', '/registry/order-service/a%20b', { url: 'http://127.0.0.1:8081' }, 400],
  ])(
    'when a registration has %s, then it is rejected with problem+json and nothing is registered',
    async (_what, path, body, status) => {
      const response = await put(gateway, path, body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as { status: number };
      expect(problem.status).toBe(status);
      const listed = (await (await fetch(`${gateway.registryUrl}/registry`)).json()) as {
        services: Record<string, unknown[]>;
      };
      expect(Object.values(listed.services).flat()).toEqual([]);
    },
  );

  it('when an instance registers, then it gets traffic at once, and after DELETE it gets none', async () => {
    expect((await gateway.register('order-service', 'first-1', first.url)).status).toBe(201);
    expect((await gateway.register('order-service', 'first-1', first.url)).status).toBe(200);
    expect((await send(gateway.port, '/order-service/x')).json()).toMatchObject({ name: 'first' });

    const removed = await fetch(`${gateway.registryUrl}/registry/order-service/first-1`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await send(gateway.port, '/order-service/x')).status).toBe(503);
  });

  it('when heartbeats stop, then the instance is dropped after the TTL while a beating one stays', async () => {
    await gateway.register('catalog-service', 'silent', first.url);
    const beating = startRegistration({
      registryUrl: gateway.registryUrl,
      service: 'catalog-service',
      instanceId: 'beating',
      url: second.url,
      heartbeatMs: 100,
      logger: createLogger('registry-test', 'silent'),
    });
    try {
      await waitUntil(
        'the silent instance to be dropped',
        async () => {
          const listed = (await (await fetch(`${gateway.registryUrl}/registry`)).json()) as {
            services: Record<string, Array<{ instanceId: string; status: string }>>;
          };
          const catalog = listed.services['catalog-service']!;
          const silent = catalog.find((instance) => instance.instanceId === 'silent');
          const alive = catalog.find((instance) => instance.instanceId === 'beating');
          return (!silent || silent.status === 'down') && alive?.status === 'up';
        },
        { timeoutMs: 5000 },
      );
      const names = new Set<string>();
      for (let i = 0; i < 4; i++)
        names.add((await send(gateway.port, '/catalog-service/catalogs')).json<{ name: string }>().name);
      expect(names).toEqual(new Set(['second']));
    } finally {
      await beating.stop();
    }
    // stop() deregisters: the catalog has no instance left.
    expect((await send(gateway.port, '/catalog-service/catalogs')).status).toBe(503);
  });

  it(
    'when a live instance holds an id,' +
      ' then the same id at another URL is refused with a 409 problem, and accepted once the holder deregistered',
    async () => {
      expect((await gateway.register('order-service', 'slot-1', first.url)).status).toBe(201);
      const refused = await gateway.register('order-service', 'slot-1', second.url);
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(await refused.json()).toMatchObject({
        status: 409,
        code: 'instance-id-taken',
        errors: [{ name: 'instanceId' }],
      });
      expect((await send(gateway.port, '/order-service/x')).json()).toMatchObject({ name: 'first' });

      await fetch(`${gateway.registryUrl}/registry/order-service/slot-1`, { method: 'DELETE' });
      expect((await gateway.register('order-service', 'slot-1', second.url)).status).toBe(201);
      expect((await send(gateway.port, '/order-service/x')).json()).toMatchObject({ name: 'second' });
      await fetch(`${gateway.registryUrl}/registry/order-service/slot-1`, { method: 'DELETE' });
    },
  );

  it('when GET /registry is called on the registry port, then it lists instances with their state', async () => {
    await gateway.register('order-service', 'listed', first.url);
    const listed = (await (await fetch(`${gateway.registryUrl}/registry`)).json()) as {
      ttlMs: number;
      services: Record<string, unknown[]>;
    };
    expect(listed.ttlMs).toBe(500);
    expect(listed.services['order-service']).toEqual([
      expect.objectContaining({ instanceId: 'listed', url: first.url, status: 'up' }),
    ]);
    await fetch(`${gateway.registryUrl}/registry/order-service/listed`, { method: 'DELETE' });
  });

  it('when an unknown path is called on the registry port, then it is a 404 problem', async () => {
    const response = await fetch(`${gateway.registryUrl}/order-service/health_check`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
