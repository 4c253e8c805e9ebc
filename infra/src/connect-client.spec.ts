import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectClient, ConnectError, describeCause, shortenTrace } from './connect-client.js';

describe('shortenTrace', () => {
  it('when the trace is long, then it keeps the head and the last causes', () => {
    const trace = [
      'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask',
      ...Array.from({ length: 40 }, (_, index) => `\tat frame${index}`),
      'Caused by: java.sql.SQLException: first',
      '\tat x',
      'Caused by: java.sql.SQLSyntaxErrorException: Table mydb.orders does not exist',
    ].join('\n');
    const short = shortenTrace(trace, 3);
    expect(short.split('\n')).toHaveLength(3 + 1 + 2);
    expect(short).toContain('ConnectException');
    expect(short).toContain('Table mydb.orders does not exist');
    expect(short).not.toContain('frame10');
  });

  it('when there is no trace, then it is empty', () => {
    expect(shortenTrace(undefined)).toBe('');
  });
});

describe('describeCause', () => {
  it('when fetch fails on a refused connection, then the reason is the error code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeCause(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED');
    expect(describeCause(new TypeError('fetch failed', { cause: new AggregateError([refused]) }))).toBe('ECONNREFUSED');
  });

  it('when the request timed out, then it says so', () => {
    expect(describeCause(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe(
      'timed out',
    );
  });
});

describe('ConnectClient', () => {
  it('when nothing listens at the address, then the error names the address and the real cause', async () => {
    // A port that was free a moment ago (fetch refuses "bad ports" such as 1 before connecting).
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await new ConnectClient(`http://127.0.0.1:${port}`, 2000).info().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).message).toBe(
      `Kafka Connect at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`,
    );
  });
});

describe('ConnectClient retries', () => {
  /** A stand-in REST endpoint that answers from a script of (status, body) pairs, then 200. */
  async function scriptedServer(script: Array<[number, string]>) {
    let calls = 0;
    const server = http.createServer((_request, response) => {
      const [status, body] = script[calls] ?? [200, '["ok"]'];
      calls += 1;
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return { url, calls: () => calls, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('when the worker refuses a call while its group rebalances, then the call is retried', async () => {
    const server = await scriptedServer([
      [409, '{"error_code":409,"message":"Cannot complete request momentarily due to stale configuration"}'],
      [500, '{"error_code":500,"message":"Request cannot be completed because a rebalance is expected"}'],
    ]);
    try {
      expect(await new ConnectClient(server.url, { retryForMs: 5000 }).listConnectors()).toEqual(['ok']);
      expect(server.calls()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('when the refusal outlasts the retry budget or is not a rebalance, then the error comes through', async () => {
    const rebalancing = await scriptedServer(
      Array.from({ length: 50 }, () => [409, '{"message":"rebalance in progress"}'] as [number, string]),
    );
    const broken = await scriptedServer([[500, '{"message":"NullPointerException"}']]);
    try {
      const late = await new ConnectClient(rebalancing.url, { retryForMs: 300 })
        .listConnectors()
        .catch((error: unknown) => error);
      expect((late as ConnectError).status).toBe(409);
      const failed = await new ConnectClient(broken.url, { retryForMs: 5000 })
        .listConnectors()
        .catch((error: unknown) => error);
      expect((failed as ConnectError).message).toBe('GET /connectors answered 500: NullPointerException');
      expect(broken.calls()).toBe(1);
    } finally {
      await rebalancing.close();
      await broken.close();
    }
  });
});
