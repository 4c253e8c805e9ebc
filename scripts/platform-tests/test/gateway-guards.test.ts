import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection, uniqueId } from '@order-platform/test-kit';
import { startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * Issue 18's guards on the real gateway with real order-service instances (which register with the
 * secret, or they would not be routed to): registration credentials, the rate limit per user and the
 * header timeout. The guards' edge cases are in gateway/test (stand-in upstreams).
 */
const SECRET = `guards-${uniqueId('secret')}`;
const HEADERS_TIMEOUT_MS = 2000;
let under: TestPlatform;

beforeAll(async () => {
  under = await startTestPlatform('platform-guards', {
    firstPort: 26_000,
    env: {
      REGISTRY_SECRET: SECRET,
      GATEWAY_RATE_LIMIT_PER_SECOND: '1',
      GATEWAY_RATE_LIMIT_BURST: '3',
      GATEWAY_RATE_LIMIT_KEY: 'user',
      GATEWAY_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    },
  });
}, 240_000);

afterAll(async () => {
  await under?.stop();
});

const registryUrl = () => under.platform.registryUrl;
const routedIds = async () => {
  const body = (await (await fetch(`${registryUrl()}/registry`)).json()) as {
    services: Record<string, Array<{ instanceId: string }>>;
  };
  return body.services['order-service']!.map((instance) => instance.instanceId).sort();
};
const register = (id: string, headers: Record<string, string>, port = under.orderPorts[0]) =>
  fetch(`${registryUrl()}/registry/order-service/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ url: `http://127.0.0.1:${port}` }),
  });
const ordersOf = (user: string) => fetch(`${under.gatewayUrl}/order-service/${user}/orders`);

describe('the gateway guards on a real platform', () => {
  it(
    'when the instances carry the secret, then both are routed; a registration without or with a wrong ' +
      'one is refused and changes nothing, with it accepted',
    async () => {
      const before = await routedIds();
      expect(before).toHaveLength(2);
      expect((await register('intruder', {})).status).toBe(401);
      const wrong = await register('intruder', { authorization: 'Bearer not-the-secret' });
      expect(wrong.status).toBe(403);
      expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await routedIds()).toEqual(before);
      expect(JSON.stringify(await (await fetch(`${registryUrl()}/registry`)).json())).not.toContain(SECRET);

      // At a URL of its own: a second id at an instance's URL would take that instance's place.
      expect((await register('guest', { authorization: `Bearer ${SECRET}` }, under.ports.gateway)).status).toBeLessThan(
        300,
      );
      expect(await routedIds()).toEqual([...before, 'guest'].sort());
      const leave = await fetch(`${registryUrl()}/registry/order-service/guest`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${SECRET}` },
      });
      expect(leave.status).toBeLessThan(300);
    },
  );

  it('when a user goes over its rate, then it gets 429 with Retry-After while another user is served', async () => {
    const greedy = uniqueId('greedy');
    const answers = await Promise.all(Array.from({ length: 6 }, () => ordersOf(greedy)));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answers[0]!.headers.get('ratelimit-policy')).toMatch(/^"gateway";q=3;w=3$/);
    const other = await ordersOf(uniqueId('modest'));
    expect(other.status).toBe(200);
  });

  it(
    'when a slowloris sends a header byte a second, then it is answered 408 and closed within the header ' +
      'timeout, while normal clients beside it get every order list',
    { timeout: 30_000 },
    async () => {
      const gateway = new URL(under.gatewayUrl);
      const slow = rawConnection(Number(gateway.port), gateway.hostname);
      await slow.connected;
      const started = Date.now();
      slow.socket.write(`GET /order-service/${uniqueId('slow')}/orders HTTP/1.1\r\nHost: gateway\r\nX-Slow: `);
      const drip = setInterval(() => slow.socket.writable && slow.socket.write('a'), 1000);
      try {
        const normal: number[] = [];
        // Each list under a user of its own: the rate limit is per user.
        while (!slow.socket.closed && Date.now() - started < 3 * HEADERS_TIMEOUT_MS)
          normal.push((await ordersOf(uniqueId('beside'))).status);
        const closedAt = await slow.closed;
        // The timeout plus Node's check interval (a quarter of it), with room for a busy machine.
        expect(closedAt - started).toBeLessThan(HEADERS_TIMEOUT_MS * 1.75);
        expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
        expect(slow.received()).toContain('"code":"request-timeout"');
        expect(normal.length).toBeGreaterThan(0);
        expect(normal.every((status) => status === 200)).toBe(true);
      } finally {
        clearInterval(drip);
        slow.socket.destroy();
      }
    },
  );
});
