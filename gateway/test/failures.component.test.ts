import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import {
  closeAfterEach,
  deadPort,
  send,
  startGateway,
  startUpstream,
  type TestGateway,
  type Upstream,
} from './helpers.js';

/** Closes whatever a test started, even when it fails half-way. */
const track = closeAfterEach();

const statusOf = async (gateway: TestGateway, instanceId: string) =>
  gateway.registry.list()['order-service'].find((instance) => instance.instanceId === instanceId)?.status;

const resetConnection = (req: http.IncomingMessage) => req.socket.destroy();

/** A gateway with two order instances, in round-robin order: 'dead' (connection refused), then 'live'. */
async function deadThenLive() {
  const gateway = await track(startGateway());
  const live = await track(startUpstream('live'));
  const deadUrl = `http://127.0.0.1:${await deadPort()}`;
  await gateway.register('order-service', 'dead', deadUrl);
  await gateway.register('order-service', 'live', live.url);
  return { gateway, live, deadUrl };
}

describe('gateway when instances fail', () => {
  it(
    'when an instance is dead (connection refused),' +
      ' then GETs are retried on a live one, the dead one is marked down, and its next heartbeat revives it',
    async () => {
      const { gateway, live, deadUrl } = await deadThenLive();
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => send(gateway.port, '/order-service/health_check')),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
      expect(live.requests).toHaveLength(6);
      expect(await statusOf(gateway, 'dead')).toBe('down');

      await gateway.register('order-service', 'dead', deadUrl);
      expect(await statusOf(gateway, 'dead')).toBe('up');
    },
  );

  it('when an instance resets the connection unanswered, then a GET is retried elsewhere, a POST is not', async () => {
    const gateway = await track(startGateway());
    const broken = await track(startUpstream('broken', resetConnection));
    const good = await track(startUpstream('good'));
    await gateway.register('order-service', 'broken', broken.url);
    await gateway.register('order-service', 'good', good.url);

    const get = await send(gateway.port, '/order-service/user-1/orders');
    expect(get.status).toBe(200);
    expect(get.json()).toMatchObject({ name: 'good' });
    expect(await statusOf(gateway, 'broken')).toBe('down');

    // Revive it; whichever POST lands on it must come back 502 and reach no other instance.
    await gateway.register('order-service', 'broken', broken.url);
    const reached = (upstream: Upstream, id: string) =>
      upstream.requests.some((request) => request.headers['x-request-id'] === id);
    for (const id of ['post-1', 'post-2']) {
      const post = await send(gateway.port, '/order-service/user-1/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: '{"qty":1}',
      });
      if (!reached(broken, id)) continue;
      expect(post.status).toBe(502);
      expect(post.headers['content-type']).toBe('application/problem+json');
      expect(post.json()).toMatchObject({ code: 'upstream-unreachable', requestId: id });
      expect(reached(good, id)).toBe(false);
      return;
    }
    expect.fail('round-robin never sent a POST to the broken instance');
  });

  it(
    'when a POST meets a refused connection,' +
      ' then it is retried on a live instance with the same body, also when the body arrives slowly',
    async () => {
      const { gateway, live } = await deadThenLive();
      const body = JSON.stringify({ productId: 'CATALOG-0001', qty: 3, unitPrice: 1500 });
      const quick = await send(gateway.port, '/order-service/u/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await gateway.register('order-service', 'dead', gateway.registry.list()['order-service'][0]!.url);
      const slow = await send(gateway.port, '/order-service/u/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body: [body.slice(0, 10), body.slice(10, 30), body.slice(30)],
        chunkDelayMs: 50,
      });
      expect([quick.status, slow.status]).toEqual([200, 200]);
      expect(live.requests.map((request) => [request.method, request.body])).toEqual([
        ['POST', body],
        ['POST', body],
      ]);
      // Both went to the dead instance first (round-robin order), and were refused there.
      expect(await statusOf(gateway, 'dead')).toBe('down');
    },
  );

  it(
    'when a POST body is larger than the kept copy and the connection is refused,' +
      ' then it is not retried but answered 503',
    async () => {
      const gateway = await track(startGateway({ maxBodyBytes: 16 }));
      const live = await track(startUpstream('live'));
      await gateway.register('order-service', 'dead', `http://127.0.0.1:${await deadPort()}`);
      const body = JSON.stringify({ productId: 'CATALOG-0001', qty: 3, unitPrice: 1500 });
      const post = await send(gateway.port, '/order-service/u/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await gateway.register('order-service', 'live', live.url);
      expect(post.status).toBe(503);
      expect(post.json()).toMatchObject({ code: 'no-instance' });
      expect(live.requests).toHaveLength(0);
    },
  );

  it('when an instance dies with requests in flight, then every GET succeeds through the other one', async () => {
    const gateway = await track(startGateway());
    // Holds every request without answering, like an instance in the middle of its work.
    const dying = await track(startUpstream('dying', () => {}));
    const steady = await track(startUpstream('steady'));
    await gateway.register('order-service', 'dying', dying.url);
    await gateway.register('order-service', 'steady', steady.url);

    const inFlight = Array.from({ length: 10 }, (_, i) => send(gateway.port, `/order-service/item/${i}`));
    await waitUntil('half of the requests to reach the dying instance', () => dying.requests.length >= 5, {
      timeoutMs: 5000,
    });
    await dying.close();
    const responses = await Promise.all(inFlight);
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(responses.every((response) => response.json<{ name: string }>().name === 'steady')).toBe(true);
    expect(await statusOf(gateway, 'dying')).toBe('down');
  });

  it('when the instance does not answer within the upstream timeout, then the client gets a 504 problem', async () => {
    const gateway = await track(startGateway({ upstreamTimeoutMs: 300 }));
    const silent = await track(startUpstream('silent', () => {}));
    await gateway.register('order-service', 'silent', silent.url);
    const response = await send(gateway.port, '/order-service/slow');
    expect(response.status).toBe(504);
    expect(response.json()).toMatchObject({ code: 'upstream-timeout', status: 504 });
    expect(await statusOf(gateway, 'silent')).toBe('up');
  });

  it('when an instance dies mid-answer, then the client gets a broken response; the gateway serves on', async () => {
    const gateway = await track(startGateway());
    const halfway = await track(
      startUpstream('halfway', (req, res) => {
        if (req.url === '/order-service/ok') return void res.end('fine');
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setImmediate(() => res.socket?.destroy());
      }),
    );
    await gateway.register('order-service', 'halfway', halfway.url);
    await expect(send(gateway.port, '/order-service/partial')).rejects.toThrow();
    const after = await send(gateway.port, '/order-service/ok');
    expect([after.status, after.body]).toEqual([200, 'fine']);
  });
});
