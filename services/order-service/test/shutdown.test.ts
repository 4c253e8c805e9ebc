import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { getOrders, postOrder, startTestService } from './support/harness.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  // Only if a test failed half-way: never leave an instance of ours running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A stand-in for the gateway's registry that records what the instance tells it. */
async function startFakeRegistry() {
  const calls: Array<{ method: string; url: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('shutdown with requests in flight', () => {
  it(
    'when main.ts gets SIGTERM while POSTs wait for their answer,' +
      ' then each gets its 201, the instance deregisters and exits 0',
    async () => {
      const registry = await startFakeRegistry();
      // Polls so rare that the POSTs can only be answered by the shutdown, not by their own wait.
      // One process (node --import tsx), as pnpm start runs it: a shell or tsx wrapper would keep SIGTERM from it.
      const child = spawn(process.execPath, ['--import', TSX, 'services/order-service/src/main.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          ORDER_PORT: '0',
          REGISTRY_URL: registry.url,
          REGISTRY_HEARTBEAT_MS: '200',
          VISIBILITY_POLL_MS: '120000',
          VISIBILITY_WAIT_MS: '120000',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const port = await waitUntil(
          'the listening log line',
          () => Number(/"port":(\d+).*"msg":"order-service listening"/.exec(output)?.[1]) || undefined,
          {
            timeoutMs: 30_000,
          },
        );
        const instance = { url: `http://127.0.0.1:${port}` };
        await waitUntil('the registration', () => registry.calls.some((call) => call.method === 'PUT'), {
          timeoutMs: 10_000,
        });
        expect(JSON.parse(registry.calls.find((call) => call.method === 'PUT')!.body)).toEqual({ url: instance.url });

        const userId = uniqueId('shutdown');
        const posts = Array.from({ length: 6 }, () =>
          postOrder(instance, userId).catch((error: unknown) => ({
            status: 0,
            body: String(error),
            headers: new Headers(),
          })),
        );
        // All six are committed and written by the sink, so each request now sits in its visibility wait.
        await waitUntil('all six orders in mydb.orders', async () => (await getOrders(instance, userId)).length === 6, {
          timeoutMs: 30_000,
        });

        child.kill('SIGTERM');
        const answers = await Promise.all(posts);
        expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
        expect(await exited).toBe(0);
        expect(registry.calls.at(-1)?.method).toBe('DELETE');
        expect(output).toContain('"clean":true');
      } finally {
        await registry.close();
      }
    },
  );

  it(
    'when shutdown begins while orders are queued in the publisher or wait for the sink,' +
      ' then all are answered 201/202 and the shutdown is clean',
    async () => {
      const service = await startTestService({ VISIBILITY_POLL_MS: '120000', VISIBILITY_WAIT_MS: '120000' });
      const userId = uniqueId('shutdown-queued');
      const before = service.publisher.stats().items;
      let answered = 0;
      const posts = Array.from({ length: 30 }, () =>
        postOrder(service, userId)
          .catch((error: unknown) => ({ status: 0, body: String(error) }))
          .finally(() => (answered += 1)),
      );
      // Every request reached the publisher: some are queued behind a batch in flight, the others
      // wait for a visibility poll that only the shutdown brings forward.
      await waitUntil('all 30 handed to the publisher', () => service.publisher.stats().items - before === 30, {
        timeoutMs: 30_000,
        intervalMs: 1,
      });
      expect(answered).toBe(0);
      const stopped = service.stop();
      const answers = await Promise.all(posts);
      expect(answers.every((answer) => answer.status === 201 || answer.status === 202)).toBe(true);
      expect(await stopped).toEqual({ exitCode: 0, clean: true, inDoubt: 0 });
      expect(service.publisher.stats().committed).toBeGreaterThan(0);
    },
  );
});
