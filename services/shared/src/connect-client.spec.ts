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
    expect(describeCause(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timed out');
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
    expect((error as ConnectError).message).toBe(`Kafka Connect at http://127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
  });
});
