import { describe, expect, it } from 'vitest';
import { closeAfterEach, send, startGateway, startUpstream } from './helpers.js';
import { counterValue, getFrom } from './guard-client.js';

/** 3 at once, then 1 per second: a test's few requests (well under a second) meet the limit at the 4th. */
const LIMITED = { GATEWAY_RATE_LIMIT_PER_SECOND: '1', GATEWAY_RATE_LIMIT_BURST: '3' };

describe('rate limit at the gateway', () => {
  const track = closeAfterEach();

  it(
    'when a client goes over its rate, then it gets 429 problem+json with Retry-After and RateLimit headers,' +
      ' no instance sees it, and another client at the same time is served',
    async () => {
      const gateway = await track(startGateway({ env: LIMITED }));
      const upstream = await track(startUpstream('limited'));
      await gateway.register('order-service', 'rl-1', upstream.url);

      const greedy = [];
      for (let i = 0; i < 5; i++) greedy.push(await getFrom('127.0.0.1', gateway.port, '/order-service/user-1/orders'));
      expect(greedy.map((response) => response.status)).toEqual([200, 200, 200, 429, 429]);
      expect(greedy.map((response) => response.headers.ratelimit)).toEqual([
        '"gateway";r=2;t=1',
        '"gateway";r=1;t=2',
        '"gateway";r=0;t=3',
        '"gateway";r=0;t=3',
        '"gateway";r=0;t=3',
      ]);
      for (const response of greedy) expect(response.headers['ratelimit-policy']).toBe('"gateway";q=3;w=3');
      const limited = greedy[3]!;
      expect(limited.headers['retry-after']).toBe('1');
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate-limited' });

      const other = await getFrom('127.0.0.2', gateway.port, '/order-service/user-1/orders');
      expect(other.status).toBe(200);
      expect(other.headers.ratelimit).toBe('"gateway";r=2;t=1');

      // 3 + 1 served; the 2 limited never reached the instance.
      expect(upstream.requests).toHaveLength(4);
      expect(await counterValue(gateway.registryUrl, 'gateway_rate_limited_requests_total')).toBe(2);
    },
  );

  it('when the key is the user, then a user over its rate leaves another user of the same address served', async () => {
    const gateway = await track(startGateway({ env: { ...LIMITED, GATEWAY_RATE_LIMIT_KEY: 'user' } }));
    const upstream = await track(startUpstream('per-user'));
    await gateway.register('order-service', 'rl-2', upstream.url);

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(gateway.port, '/order-service/user-a/orders')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await send(gateway.port, '/order-service/user-b/orders')).status).toBe(200);
  });

  it('when the rate limit is off (the default), then answers carry no RateLimit headers', async () => {
    const gateway = await track(startGateway());
    const upstream = await track(startUpstream('unlimited'));
    await gateway.register('order-service', 'rl-3', upstream.url);
    for (let i = 0; i < 20; i++) {
      const response = await send(gateway.port, '/order-service/x');
      expect(response.status).toBe(200);
      expect(response.headers.ratelimit).toBeUndefined();
    }
  });
});
