import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, loadConfig, type RunningService } from '@order-platform/service-kit';
import { startConsole } from '../src/composition-root.js';
import { consoleConfigSchema } from '../src/config.js';

/**
 * The console's actions and page on real HTTP, with a stand-in for Kafka Connect and neither Kafka
 * nor a database (they point at a port nothing listens on). The rule: on loopback the page's
 * actions need no token; once the console or the gateway's internal port binds another address
 * (REGISTRY_HOST here: the test binds nothing but 127.0.0.1), they need CONSOLE_TOKEN, and are
 * refused with a 403 problem+json without it, with a wrong one, or when none is configured.
 */
const started: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((thing) => thing.close()));
});

async function fakeConnect() {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    if (req.url?.startsWith('/connectors?')) return void res.writeHead(200).end('{}');
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started.push({ close: () => new Promise((resolve) => server.close(resolve)) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

async function startTestConsole(env: Record<string, string>): Promise<RunningService & { origin: string }> {
  const connect = env.CONNECT_URL ?? (await fakeConnect()).url;
  const config = loadConfig(consoleConfigSchema, {
    CONSOLE_PORT: '0',
    CONSOLE_HOST: '127.0.0.1',
    KAFKA_BROKERS: '127.0.0.1:1',
    DB_PORT: '1',
    REGISTRY_URL: 'http://127.0.0.1:1',
    OTEL_SDK_DISABLED: 'true',
    CONSOLE_SHUTDOWN_TIMEOUT_MS: '500',
    ...env,
    CONNECT_URL: connect,
  });
  const running = await startConsole(config, createLogger('console-test', process.env.TEST_LOG_LEVEL ?? 'silent'));
  started.push({ close: () => running.stop() });
  return { ...running, origin: `http://127.0.0.1:${running.port}` };
}

const press = (origin: string, headers: Record<string, string> = { 'x-console-request': '1' }) =>
  fetch(`${origin}/console/connectors/the-sink/pause`, { method: 'POST', headers });

async function expectRefused(response: Response, detail: RegExp) {
  expect(response.status).toBe(403);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json(;|$)/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status: 403, code: 'action-forbidden', title: 'Forbidden' });
  expect(problem.detail).toMatch(detail);
}

describe("the console's actions", () => {
  it('when everything binds loopback, then the page pauses a connector without a token', async () => {
    const connect = await fakeConnect();
    const console = await startTestConsole({ CONNECT_URL: connect.url });
    const response = await press(console.origin);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ connector: 'the-sink', action: 'pause' });
    expect(connect.calls).toEqual(['PUT /connectors/the-sink/pause']);
  });

  it('when bound to another address without CONSOLE_TOKEN, then every action is a 403 problem', async () => {
    const connect = await fakeConnect();
    const console = await startTestConsole({ CONNECT_URL: connect.url, REGISTRY_HOST: '0.0.0.0' });
    await expectRefused(await press(console.origin), /no CONSOLE_TOKEN is configured/);
    await expectRefused(
      await press(console.origin, { 'x-console-request': '1', 'x-console-token': 'guess' }),
      /no CONSOLE_TOKEN/,
    );
    expect(connect.calls).toEqual([]);
  });

  it('when bound elsewhere with CONSOLE_TOKEN, then a missing or wrong token is 403, the right one acts', async () => {
    const connect = await fakeConnect();
    const console = await startTestConsole({
      CONNECT_URL: connect.url,
      REGISTRY_HOST: '192.0.2.10',
      CONSOLE_TOKEN: 's3cret',
    });
    await expectRefused(await press(console.origin), /need the console token/);
    await expectRefused(
      await press(console.origin, { 'x-console-request': '1', 'x-console-token': 's3cret!' }),
      /token is wrong/,
    );
    expect(connect.calls).toEqual([]);
    const allowed = await press(console.origin, { 'x-console-request': '1', 'x-console-token': 's3cret' });
    expect(allowed.status).toBe(202);
    expect(connect.calls).toEqual(['PUT /connectors/the-sink/pause']);
  });

  it('when an action comes without the page header (a cross-site form), then it is a 403', async () => {
    const connect = await fakeConnect();
    const console = await startTestConsole({ CONNECT_URL: connect.url });
    await expectRefused(await press(console.origin, {}), /from the console page only/);
    expect(connect.calls).toEqual([]);
  });

  it('when the action is unknown, then 404; when Connect refuses, then 502', async () => {
    const console = await startTestConsole({ CONNECT_URL: 'http://127.0.0.1:1' });
    const unknown = await fetch(`${console.origin}/console/connectors/x/delete`, {
      method: 'POST',
      headers: { 'x-console-request': '1' },
    });
    expect(unknown.status).toBe(404);
    const failed = await press(console.origin);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ code: 'connector-action-failed' });
  });
});

describe("the console's page when its sources are down", () => {
  it('when nothing answers, then the page still renders, each section saying what is unavailable', async () => {
    const console = await startTestConsole({ CONSOLE_SOURCE_TIMEOUT_MS: '300' });
    const response = await fetch(`${console.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('The registry unavailable:');
    expect(page).toContain('Kafka unavailable:');
    expect(page).toContain('The catalog database unavailable:');
    for (const asset of ['/console/assets/console.js', '/console/assets/console.css']) {
      expect(page).toContain(asset);
      expect((await fetch(`${console.origin}${asset}`)).status).toBe(200);
    }
  });
});
