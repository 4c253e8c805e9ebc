import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { send, startGateway, startUpstream, type RawResponse, type TestGateway, type Upstream } from './helpers.js';

describe('gateway routing', () => {
  let gateway: TestGateway;
  let orderA: Upstream;
  let orderB: Upstream;
  let catalog: Upstream;

  beforeAll(async () => {
    gateway = await startGateway();
    [orderA, orderB, catalog] = await Promise.all([
      startUpstream('order-a'),
      startUpstream('order-b'),
      startUpstream('catalog'),
    ]);
    for (const [service, id, upstream] of [
      ['order-service', 'order-a', orderA],
      ['order-service', 'order-b', orderB],
      ['catalog-service', 'catalog', catalog],
    ] as const) {
      expect((await gateway.register(service, id, upstream.url)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), orderA.close(), orderB.close(), catalog.close()]);
  });
  afterEach(() => {
    for (const upstream of [orderA, orderB, catalog]) upstream.requests.length = 0;
  });
  /** The gateway answered itself: a problem+json, and no instance saw the request. */
  const expectAnsweredByGateway = (response: RawResponse) => {
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(orderA.requests.length + orderB.requests.length + catalog.requests.length).toBe(0);
  };

  it('when two order instances are live, then requests alternate between them and keep their path', async () => {
    const names = [];
    for (let i = 0; i < 4; i++) {
      const response = await send(gateway.port, '/order-service/health_check?probe=1');
      expect(response.status).toBe(200);
      names.push(response.json<{ name: string }>().name);
    }
    expect(names.filter((name) => name === 'order-a')).toHaveLength(2);
    expect(names.filter((name) => name === 'order-b')).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    expect([...orderA.requests, ...orderB.requests].map((request) => request.url)).toEqual(
      Array(4).fill('/order-service/health_check?probe=1'),
    );
  });

  it('when a catalog path is requested, then only the catalog instance gets it', async () => {
    const response = await send(gateway.port, '/catalog-service/catalogs');
    expect(response.json()).toEqual({ name: 'catalog', url: '/catalog-service/catalogs' });
    expect(orderA.requests.length + orderB.requests.length).toBe(0);
  });

  it.each([
    '/',
    '/registry',
    '/registry/order-service/x',
    '/favicon.ico',
    '/ORDER-SERVICE/health_check',
    '/order-servicex/health_check',
  ])('when %s is requested, then the gateway answers 404 problem+json and no instance is called', async (path) => {
    const response = await send(gateway.port, path);
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, code: 'not-found' });
    expectAnsweredByGateway(response);
  });

  const tricks = [
    '/order-service/../catalog-service/catalogs',
    '/order-service/%2e%2e/catalog-service/catalogs',
    '/order-service/%2E%2E/catalog-service/catalogs',
    '/order-service/.%2e/catalog-service/catalogs',
    '/order-service/..;/catalog-service/catalogs',
    '/order-service%2f..%2fcatalog-service/catalogs',
    '/order-service%2F..%2Fcatalog-service/catalogs',
    '/order-service/..%2fcatalog-service/catalogs',
    '/order-service/%252e%252e/catalog-service/catalogs',
    '/order-service/%5c..%5ccatalog-service/catalogs',
    '/order-service\\..\\catalog-service\\catalogs',
    '/order-service/..\\catalog-service/catalogs',
    '//catalog-service/catalogs',
    '/order-service//catalog-service/catalogs',
    '/./catalog-service/catalogs',
    '/catalog-service/../registry',
    '/catalog-service/%2e%2e/%2e%2e/registry',
    '/order-service/%00/catalogs',
    'http://127.0.0.1:1/catalog-service/catalogs',
  ];
  it.each(tricks)('when the path trick %s is sent, then it is rejected and reaches no instance', async (path) => {
    const response = await send(gateway.port, path);
    expect([400, 404]).toContain(response.status);
    expectAnsweredByGateway(response);
  });

  const oddButHarmless = [
    '/order-service/http:/catalog-service',
    "/order-service/it's{here}|^",
    '/order-service/a%20b/%E2%82%AC?next=../catalog-service&x=%2f',
    '/order-service/..foo/...',
    '/order-service/user-1/orders/',
  ];
  it.each(oddButHarmless)(
    'when the odd but harmless path %s is sent, then exactly that path reaches an order instance',
    async (path) => {
      const response = await send(gateway.port, path);
      expect(response.status).toBe(200);
      expect([...orderA.requests, ...orderB.requests].map((request) => request.url)).toEqual([path]);
      expect(catalog.requests).toHaveLength(0);
    },
  );

  it('when the client sends a well-formed X-Request-Id, then it is kept, forwarded and returned', async () => {
    const response = await send(gateway.port, '/catalog-service/catalogs', {
      headers: { 'x-request-id': 'client-id_1.2' },
    });
    expect(response.headers['x-request-id']).toBe('client-id_1.2');
    expect(catalog.requests[0]!.headers['x-request-id']).toBe('client-id_1.2');
  });

  it.each([undefined, 'has spaces', 'x'.repeat(129), 'semi;colon'])(
    'when the X-Request-Id is %s, then a new UUID is made, forwarded and returned',
    async (incoming) => {
      const response = await send(gateway.port, '/catalog-service/catalogs', {
        headers: incoming === undefined ? {} : { 'x-request-id': incoming },
      });
      const id = response.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(catalog.requests[0]!.headers['x-request-id']).toBe(id);
    },
  );

  it('when the gateway answers itself, then the problem carries the request id too', async () => {
    const response = await send(gateway.port, '/nowhere', { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.json()).toMatchObject({ requestId: 'abc-123', instance: '/nowhere' });
  });

  it(
    'when a request is proxied,' +
      ' then X-Forwarded-For/-Proto/-Host state what the gateway saw, not what the client claimed',
    async () => {
      await send(gateway.port, '/catalog-service/catalogs', {
        headers: { host: 'shop.example:8000', 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https' },
      });
      const headers = catalog.requests[0]!.headers;
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('http');
      expect(headers['x-forwarded-host']).toBe('shop.example:8000');
      expect(headers.host).toBe(new URL(catalog.url).host);
    },
  );

  it('when the registry API is called on the public port, then it is 404 and the registry is unchanged', async () => {
    const before = gateway.registry.list();
    const put = await send(gateway.port, '/registry/order-service/evil', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:1' }),
    });
    const list = await send(gateway.port, '/registry');
    const remove = await send(gateway.port, '/registry/order-service/order-a', { method: 'DELETE' });
    expect([put.status, list.status, remove.status]).toEqual([404, 404, 404]);
    expect(gateway.registry.list()['order-service'].map((instance) => instance.instanceId)).toEqual(
      before['order-service'].map((instance) => instance.instanceId),
    );
  });

  it('when a POST with a JSON body is proxied, then the instance gets the body, the client the answer', async () => {
    const body = JSON.stringify({ productId: 'CATALOG-0002', qty: 10, unitPrice: 900 });
    const response = await send(gateway.port, '/order-service/user-1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    const received = [...orderA.requests, ...orderB.requests];
    expect(received.map((request) => [request.method, request.body])).toEqual([['POST', body]]);
  });
});

describe('gateway with nothing registered', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.close());

  it.each(['/order-service/health_check', '/catalog-service/catalogs'])(
    'when %s has no live instance, then it is 503 problem+json',
    async (path) => {
      const response = await send(gateway.port, path);
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toMatchObject({ status: 503, code: 'no-instance' });
    },
  );
});
