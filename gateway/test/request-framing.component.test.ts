import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startGateway, startUpstream, type TestGateway, type Upstream } from './helpers.js';

/**
 * Found by the HTTP fuzz suite (scripts/test/http-fuzz.test.ts): http-proxy rewrites a DELETE or
 * OPTIONS without Content-Length to "Content-Length: 0" but still streams the chunked body after
 * it; the instance parsed those bytes as a next request on the same connection, and the client
 * got the instance's bare 400 (no problem+json) for it.
 */
describe('gateway request framing', () => {
  let gateway: TestGateway;
  let order: Upstream;
  const smuggled = 'GET /order-service/smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

  beforeAll(async () => {
    gateway = await startGateway();
    order = await startUpstream('order');
    expect((await gateway.register('order-service', 'order', order.url)).status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), order.close()]);
  });

  it.each(['DELETE', 'OPTIONS'])(
    'when a %s carries a chunked body, then it gets a 411 problem and the instance receives nothing',
    async (method) => {
      const response = await send(gateway.port, '/order-service/u1/orders', {
        method,
        headers: { 'transfer-encoding': 'chunked' },
        body: [smuggled.slice(0, 10), smuggled.slice(10)],
      });
      expect(response.status).toBe(411);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 411, errors: [{ name: 'transfer-encoding' }] });
      // A request that would follow on the same upstream connection sees no leftover bytes.
      expect((await send(gateway.port, '/order-service/after')).status).toBe(200);
      expect(order.requests.map((request) => request.url)).toEqual(['/order-service/after']);
      order.requests.length = 0;
    },
  );

  it('when a DELETE says its body length, then the body reaches the instance as the body', async () => {
    const response = await send(gateway.port, '/order-service/u1/orders', {
      method: 'DELETE',
      headers: { 'content-length': String(smuggled.length) },
      body: smuggled,
    });
    expect(response.status).toBe(200);
    expect(order.requests).toMatchObject([{ method: 'DELETE', url: '/order-service/u1/orders', body: smuggled }]);
    order.requests.length = 0;
  });

  it('when a GET carries a chunked body, then it is proxied chunked, as one request', async () => {
    const response = await send(gateway.port, '/order-service/u1/orders', {
      headers: { 'transfer-encoding': 'chunked' },
      body: [smuggled.slice(0, 10), smuggled.slice(10)],
    });
    expect(response.status).toBe(200);
    expect(order.requests).toMatchObject([{ method: 'GET', url: '/order-service/u1/orders', body: smuggled }]);
    order.requests.length = 0;
  });
});

/** Bytes straight onto a socket: what Node's parser refuses never gets past an HTTP client library. */
function rawExchange(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests Node refuses before the gateway routes them', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each([
    ['an unknown method', 'BREW /order-service/health_check HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    [
      'a raw non-ASCII byte in the path',
      Buffer.concat([
        Buffer.from('GET /order-service/'),
        Buffer.from([0xe9]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
      400,
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /order-service/u/orders HTTP/1.1\r\nHost: x\r\n' +
        'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
    [
      'headers past 16 KiB',
      `GET /order-service/health_check HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000)}\r\n\r\n`,
      431,
    ],
  ])(
    'when a request has %s, then the answer is a problem+json with that status, and the connection closes',
    async (_what, bytes, status) => {
      const answer = await rawExchange(gateway.port, bytes);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
      expect(head).toMatch(/\r\nconnection: close/i);
      expect(JSON.parse(body!)).toMatchObject({ status });
    },
  );

  it('when a HEAD is refused by the parser, then the problem comes without a body', async () => {
    const answer = await rawExchange(
      gateway.port,
      Buffer.concat([
        Buffer.from('HEAD /order-service/'),
        Buffer.from([0xe9]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
    );
    expect(answer).toMatch(/^HTTP\/1.1 400 [^]*content-type: application\/problem\+json[^]*\r\n\r\n$/i);
  });
});
