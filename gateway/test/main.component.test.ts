import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { deadPort, send, startUpstream, type Upstream } from './helpers.js';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('gateway process', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it(
    'when it gets SIGTERM with a request in flight,' +
      ' then it stops accepting, finishes that request, frees both ports and exits 0',
    async () => {
      const [port, registryPort] = [await deadPort(), await deadPort()];
      let answer: (() => void) | undefined;
      const upstream: Upstream = await startUpstream('held', (_req, res) => {
        answer = () => res.end('finished');
      });
      cleanup.push(() => upstream.close());

      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: gatewayDir,
        env: { ...process.env, GATEWAY_PORT: String(port), REGISTRY_PORT: String(registryPort), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      cleanup.push(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });

      const registryUrl = `http://127.0.0.1:${registryPort}`;
      await waitUntil('the gateway registry to answer', async () => (await fetch(`${registryUrl}/registry`)).ok, {
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      const registered = await fetch(`${registryUrl}/registry/order-service/held`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: upstream.url }),
      });
      expect(registered.status).toBe(201);

      const inFlight = send(port, '/order-service/slow');
      await waitUntil('the request to reach the instance', () => answer !== undefined, { timeoutMs: 5000 });
      child.kill('SIGTERM');
      await waitUntil('the public port to stop accepting', async () => !(await canConnect(port)), { timeoutMs: 5000 });
      answer!();

      const response = await inFlight;
      expect([response.status, response.body]).toEqual([200, 'finished']);
      expect(await exited).toBe(0);
      expect(await canConnect(port)).toBe(false);
      expect(await canConnect(registryPort)).toBe(false);
      expect(output).toContain('"msg":"gateway stopped"');
      // The platform's one access-log line, with the gateway's own fields.
      const access = output
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(access).toContainEqual(
        expect.objectContaining({
          module: 'access',
          method: 'GET',
          path: '/order-service/slow',
          status: 200,
          durationMs: expect.any(Number),
          upstream: upstream.url,
          attempts: 1,
        }),
      );
    },
  );
});
