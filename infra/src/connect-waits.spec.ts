import http from 'node:http';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectClient, type ConnectorStatus } from './connect-client.js';
import { ConnectWaitError, waitForConnectorState, waitForWorkerReady } from './connect-waits.js';

/** A stand-in Connect REST API whose answers a test changes as it goes. */
async function fakeWorker(route: (path: string, method: string) => [number, unknown]) {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const [status, body] = route(request.url ?? '', request.method ?? 'GET');
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new ConnectClient(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, { retryForMs: 0 });
  return { client, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

const status = (task: string, connector = 'RUNNING'): ConnectorStatus =>
  ({
    name: 'c',
    type: 'sink',
    connector: { state: connector, worker_id: 'w' },
    tasks: [{ id: 0, state: task, worker_id: 'w', trace: 'java.lang.Boom\n\tat x' }],
  }) as ConnectorStatus;

describe('waitForWorkerReady', () => {
  it('when /health answers 503 while the worker starts, then the wait ends once it answers 200', async () => {
    let healthCalls = 0;
    const worker = await fakeWorker(() =>
      ++healthCalls < 3 ? [503, { status: 'starting' }] : [200, { status: 'healthy' }],
    );
    try {
      await waitForWorkerReady(worker.client, 10_000);
      expect(healthCalls).toBe(3);
    } finally {
      await worker.close();
    }
  });
});

describe('waitForConnectorState', () => {
  it('when a task FAILED, then the wait ends with its trace', async () => {
    const worker = await fakeWorker(() => [200, status('FAILED')]);
    try {
      const error = await waitForConnectorState(worker.client, 'c', 'RUNNING', { timeoutMs: 5000 }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ConnectWaitError);
      expect((error as ConnectWaitError).reason).toBe('failed');
      expect((error as Error).message).toContain('java.lang.Boom');
    } finally {
      await worker.close();
    }
  });

  it('when a restart was just requested, then the stale FAILED status is waited out until RUNNING shows', async () => {
    let reads = 0;
    const worker = await fakeWorker(() => [200, ++reads < 3 ? status('FAILED') : status('RUNNING')]);
    try {
      const final = await waitForConnectorState(worker.client, 'c', 'RUNNING', { timeoutMs: 5000, afterRestart: true });
      expect(final.tasks[0]!.state).toBe('RUNNING');
    } finally {
      await worker.close();
    }
  });

  it('when restartFailedOnce is set, then a FAILED task is restarted once and the wait goes on', async () => {
    let restarted = false;
    const worker = await fakeWorker((_path, method) => {
      if (method === 'POST') restarted = true;
      return [method === 'POST' ? 202 : 200, restarted ? status('RUNNING') : status('FAILED')];
    });
    const announced: string[] = [];
    try {
      await waitForConnectorState(worker.client, 'c', 'RUNNING', {
        timeoutMs: 5000,
        restartFailedOnce: (failure) => announced.push(failure),
      });
      expect(worker.requests.filter((request) => request.startsWith('POST'))).toHaveLength(1);
      expect(announced[0]).toMatch(/^Task 0 of connector c FAILED/);
    } finally {
      await worker.close();
    }
  });
});
