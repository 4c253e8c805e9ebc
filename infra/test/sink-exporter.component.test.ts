import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrometheusText, parseSamples, waitUntil } from '@order-platform/test-kit';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ENTRY = fileURLToPath(new URL('../src/exporter/main.ts', import.meta.url));
const SCRAPE_TIMEOUT_MS = 1500;

/** A port that accepts connections and never answers: a frozen Connect worker or broker. */
function silentServer(): Promise<{ port: number; server: net.Server }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket.on('close', () => sockets.delete(socket))));
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, server })),
  );
}

async function freePort(): Promise<number> {
  const { port, server } = await silentServer();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the sink metrics exporter, when Connect and Kafka accept connections but never answer', () => {
  let connect: Awaited<ReturnType<typeof silentServer>>;
  let kafka: Awaited<ReturnType<typeof silentServer>>;
  let exporter: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    [connect, kafka] = [await silentServer(), await silentServer()];
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    exporter = spawn(process.execPath, ['--import', TSX, ENTRY], {
      env: {
        ...process.env,
        ENV_FILE: '/dev/null',
        CONNECT_URL: `http://127.0.0.1:${connect.port}`,
        KAFKA_BROKERS: `127.0.0.1:${kafka.port}`,
        INFRA_EXPORTER_PORT: String(port),
        INFRA_EXPORTER_SCRAPE_TIMEOUT_MS: String(SCRAPE_TIMEOUT_MS),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntil('the exporter to answer /health', async () => (await fetch(`${origin}/health`)).ok, {
      timeoutMs: 20_000,
    });
  });

  afterAll(() => {
    exporter.kill('SIGKILL');
    connect.server.close();
    kafka.server.close();
  });

  it('when it is scraped, then it answers within its timeout, both sources down and counted as errors', async () => {
    const started = Date.now();
    const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    expect(Date.now() - started).toBeLessThan(SCRAPE_TIMEOUT_MS + 1500);
    expect(response.status).toBe(200);
    const value = (name: string, labels: Record<string, string> = {}) =>
      parseSamples(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    expect(value('kafka_connect_up')).toBe(0);
    expect(value('kafka_broker_up')).toBe(0);
    expect(value('infra_exporter_scrape_errors_total', { source: 'connect' })).toBeGreaterThanOrEqual(1);
    expect(value('infra_exporter_scrape_errors_total', { source: 'kafka' })).toBeGreaterThanOrEqual(1);
    expect(parseSamples(text).filter((s) => s.name.startsWith('kafka_connect_connector_'))).toEqual([]);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(await checkPrometheusText(text)).toEqual([]);
  });

  it('when it gets SIGTERM, then it exits 0 within a few seconds', async () => {
    const exited = new Promise<number | null>((resolve) => exporter.once('exit', (code) => resolve(code)));
    exporter.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000, 'still running'))]);
    expect(code).toBe(0);
  });
});
