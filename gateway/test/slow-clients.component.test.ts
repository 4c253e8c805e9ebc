import { describe, expect, it } from 'vitest';
import { rawConnection, waitUntil } from '@order-platform/test-kit';
import { closeAfterEach, send, startGateway, startUpstream } from './helpers.js';
import { counterValue, getFrom } from './guard-client.js';

describe('slow and greedy clients', () => {
  const track = closeAfterEach();

  it(
    'when a slowloris sends one header byte per second, then it is answered 408 and closed within the header' +
      ' timeout, while a normal client in parallel gets every answer',
    { timeout: 20_000 },
    async () => {
      const gateway = await track(
        startGateway({ env: { GATEWAY_HEADERS_TIMEOUT_MS: '1000', GATEWAY_REQUEST_TIMEOUT_MS: '2000' } }),
      );
      const upstream = await track(startUpstream('patient'));
      await gateway.register('order-service', 'slow-1', upstream.url);

      const slow = rawConnection(gateway.port);
      await slow.connected;
      const started = Date.now();
      slow.socket.write('GET /order-service/x HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
      const drip = setInterval(() => slow.socket.writable && slow.socket.write('a'), 1000);
      try {
        const normal: number[] = [];
        while (slow.socket.readyState !== 'closed' && Date.now() - started < 5000)
          normal.push((await send(gateway.port, '/order-service/x')).status);
        const closedAt = await slow.closed;
        // The timeout (1 s) plus Node's check interval (a quarter of it), with room for a busy machine.
        expect(closedAt - started).toBeLessThan(2500);
        expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
        expect(slow.received()).toContain('"code":"request-timeout"');
        expect(normal.length).toBeGreaterThan(0);
        expect(normal.every((status) => status === 200)).toBe(true);
        expect(upstream.requests.every((request) => request.url === '/order-service/x')).toBe(true);
        expect(upstream.requests).toHaveLength(normal.length);
      } finally {
        clearInterval(drip);
        slow.socket.destroy();
      }
    },
  );

  it(
    'when a client address holds its cap of connections, then one more is answered 429 problem+json and closed,' +
      ' another address is served, and a freed slot is usable again',
    { timeout: 15_000 },
    async () => {
      const gateway = await track(startGateway({ env: { GATEWAY_MAX_CONNECTIONS_PER_CLIENT: '2' } }));
      const upstream = await track(startUpstream('capped'));
      await gateway.register('order-service', 'conn-1', upstream.url);
      const held = [rawConnection(gateway.port), rawConnection(gateway.port)];
      try {
        await Promise.all(held.map((connection) => connection.connected));
        const extra = rawConnection(gateway.port);
        extra.socket.write('GET /order-service/x HTTP/1.1\r\nHost: gateway\r\n\r\n');
        await extra.closed;
        expect(extra.received()).toMatch(/^HTTP\/1\.1 429 /);
        expect(extra.received()).toMatch(/\r\nretry-after: 1\r\n/);
        expect(extra.received()).toContain('"code":"too-many-connections"');
        expect(upstream.requests).toHaveLength(0);

        expect((await getFrom('127.0.0.2', gateway.port, '/order-service/x')).status).toBe(200);
        expect(await counterValue(gateway.registryUrl, 'gateway_refused_connections_total')).toBe(1);

        held[0]!.socket.destroy();
        await held[0]!.closed;
        await waitUntil(
          'a freed slot to serve',
          async () =>
            (await getFrom('127.0.0.1', gateway.port, '/order-service/x').catch(() => undefined))?.status === 200,
          { timeoutMs: 5000, intervalMs: 50 },
        );
      } finally {
        for (const connection of held) connection.socket.destroy();
      }
    },
  );

  it(
    'when an instance has its cap of requests in flight, then the next request is answered 503 with' +
      ' Retry-After at once (not queued), and once one finishes the instance takes requests again',
    { timeout: 15_000 },
    async () => {
      const gateway = await track(startGateway({ env: { GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE: '1' } }));
      const release: Array<() => void> = [];
      const upstream = await track(
        startUpstream('held', (req, res) => {
          if (req.url === '/order-service/hold') release.push(() => res.end('released'));
          else res.end('quick');
        }),
      );
      await gateway.register('order-service', 'busy-1', upstream.url);

      const held = send(gateway.port, '/order-service/hold');
      await waitUntil('the first request to reach the instance', () => release.length === 1, { timeoutMs: 5000 });
      const refused = await send(gateway.port, '/order-service/quick');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ status: 503, code: 'instance-busy' });
      expect(upstream.requests.map((request) => request.url)).toEqual(['/order-service/hold']);
      expect(await counterValue(gateway.registryUrl, 'gateway_instance_busy_requests_total')).toBe(1);

      release[0]!();
      expect((await held).body).toBe('released');
      await waitUntil(
        'the instance to take requests again',
        async () => (await send(gateway.port, '/order-service/quick')).status === 200,
        { timeoutMs: 5000, intervalMs: 20 },
      );
    },
  );

  it('when one instance is full, then a request goes to another instance with room', { timeout: 15_000 }, async () => {
    const gateway = await track(startGateway({ env: { GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE: '1' } }));
    const release: Array<() => void> = [];
    const holding = (name: string) => startUpstream(name, (_req, res) => release.push(() => res.end(name)));
    const [first, second] = [await track(holding('first')), await track(holding('second'))];
    await gateway.register('order-service', 'busy-a', first.url);
    await gateway.register('order-service', 'busy-b', second.url);

    const answers = [send(gateway.port, '/order-service/a')];
    await waitUntil('one instance to hold a request', () => release.length === 1, { timeoutMs: 5000 });
    // Round-robin may pick the full instance: the cap skips it for the free one.
    answers.push(send(gateway.port, '/order-service/b'), send(gateway.port, '/order-service/c'));
    await waitUntil('both instances to hold a request', () => release.length === 2, { timeoutMs: 5000 });
    for (const done of release) done();
    const statuses = (await Promise.all(answers)).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 503]);
    expect([first.requests.length, second.requests.length]).toEqual([1, 1]);
  });
});
