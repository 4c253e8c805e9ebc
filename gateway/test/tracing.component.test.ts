import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { deadPort, startUpstream, type Upstream } from './helpers.js';

/**
 * The gateway process (main.ts, so with tracing started as in production) in front of a stand-in
 * instance, exporting its spans to a stand-in Zipkin: no Kafka, no database, no real Zipkin.
 */
const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_TRACEPARENT = `00-${CLIENT_TRACE}-b7ad6b7169203331-01`;
const TRACE_RESPONSE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: string;
  localEndpoint: { serviceName: string };
  tags: Record<string, string>;
}

interface TracedGateway {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

let upstream: Upstream;
const collected: ZipkinSpan[] = [];
let collector: http.Server;
let collectorUrl: string;
let trusting: TracedGateway;
let distrusting: TracedGateway;
let untraced: TracedGateway;

beforeAll(async () => {
  upstream = await startUpstream('traced', (req, res) => {
    res.statusCode = req.url === '/order-service/fail' ? 503 : 200;
    res.end('{}');
  });
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      collected.push(...(JSON.parse(Buffer.concat(chunks).toString()) as ZipkinSpan[]));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/api/v2/spans`;
  [trusting, distrusting, untraced] = await Promise.all([
    startTracedGateway({}),
    startTracedGateway({ GATEWAY_TRUST_TRACEPARENT: 'false' }),
    startTracedGateway({ OTEL_SDK_DISABLED: 'true' }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all([trusting, distrusting, untraced].map((gateway) => gateway?.stop()));
  await upstream?.close();
  collector?.closeAllConnections();
  await new Promise((resolve) => collector?.close(resolve));
});

describe('the gateway and W3C trace context', () => {
  it('when a client sends a valid traceparent, then traceresponse and the upstream request carry its id', async () => {
    const answer = await fetch(`${trusting.url}/order-service/traced`, {
      headers: { traceparent: CLIENT_TRACEPARENT },
    });
    const [, traceId, spanId] = TRACE_RESPONSE.exec(answer.headers.get('traceresponse') ?? '') ?? [];
    expect(traceId).toBe(CLIENT_TRACE);
    const sentUpstream = upstream.requests.at(-1)!.headers.traceparent as string;
    expect(sentUpstream).toMatch(new RegExp(`^00-${CLIENT_TRACE}-[0-9a-f]{16}-01$`));
    // Upstream gets the gateway's client span as its parent, not the caller's span nor the server span.
    expect(sentUpstream).not.toContain('b7ad6b7169203331');
    expect(sentUpstream).not.toContain(spanId);
  });

  it.each([
    ['all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
    ['a malformed value', 'not-a-traceparent'],
    ['an upper-case trace id', `00-${CLIENT_TRACE.toUpperCase()}-b7ad6b7169203331-01`],
  ])('when the traceparent is %s, then a new trace starts', async (_name, traceparent) => {
    const answer = await fetch(`${trusting.url}/order-service/traced`, { headers: { traceparent } });
    const [, traceId] = TRACE_RESPONSE.exec(answer.headers.get('traceresponse') ?? '') ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(CLIENT_TRACE);
    expect(traceId).not.toBe('0'.repeat(32));
  });

  it('when GATEWAY_TRUST_TRACEPARENT=false, then even a valid traceparent starts a new trace', async () => {
    const answer = await fetch(`${distrusting.url}/order-service/traced`, {
      headers: { traceparent: CLIENT_TRACEPARENT },
    });
    const [, traceId] = TRACE_RESPONSE.exec(answer.headers.get('traceresponse') ?? '') ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(CLIENT_TRACE);
    expect(upstream.requests.at(-1)!.headers.traceparent).toContain(traceId);
  });

  it('when an instance answers 503, then the server and upstream spans are errors, with the request id', async () => {
    const answer = await fetch(`${trusting.url}/order-service/fail`, {
      method: 'POST',
      headers: { 'x-request-id': 'trace-fail-1' },
    });
    expect(answer.status).toBe(503);
    const traceId = TRACE_RESPONSE.exec(answer.headers.get('traceresponse') ?? '')![1]!;
    const spansOf = () => collected.filter((span) => span.traceId === traceId);
    await waitUntil('both spans to be exported', () => spansOf().length >= 2, { timeoutMs: 15_000 });
    const server = spansOf().find((span) => span.kind === 'SERVER')!;
    const client = spansOf().find((span) => span.kind === 'CLIENT')!;
    expect(server).toMatchObject({
      name: 'POST /order-service/**',
      localEndpoint: { serviceName: 'gateway' },
      tags: { 'request.id': 'trace-fail-1', 'http.route': '/order-service/**', 'otel.status_code': 'ERROR' },
    });
    expect(server.tags['service.instance.id']).toBeTruthy();
    expect(client).toMatchObject({ parentId: server.id, tags: { 'http.response.status_code': '503' } });
    expect(client.tags['otel.status_code']).toBe('ERROR');
  });

  it('when a traced request is logged, then its access line carries its trace and span ids', async () => {
    const answer = await fetch(`${trusting.url}/order-service/traced`, { headers: { 'x-request-id': 'trace-log-1' } });
    const [, traceId, spanId] = TRACE_RESPONSE.exec(answer.headers.get('traceresponse') ?? '') ?? [];
    const accessLine = () =>
      trusting
        .output()
        .split('\n')
        .find((line) => line.includes('"requestId":"trace-log-1"'));
    await waitUntil('the access line', () => accessLine() !== undefined, { timeoutMs: 5000 });
    expect(JSON.parse(accessLine()!)).toMatchObject({ msg: 'request', trace_id: traceId, span_id: spanId });
  });

  it('when OTEL_SDK_DISABLED=true, then no traceresponse, and the traceparent goes upstream untouched', async () => {
    const answer = await fetch(`${untraced.url}/order-service/traced`, {
      headers: { traceparent: CLIENT_TRACEPARENT },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('traceresponse')).toBeNull();
    expect(upstream.requests.at(-1)!.headers.traceparent).toBe(CLIENT_TRACEPARENT);
  });
});

async function startTracedGateway(env: Record<string, string>): Promise<TracedGateway> {
  const [port, registryPort] = [await deadPort(), await deadPort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: gatewayDir,
    env: {
      ...process.env,
      GATEWAY_PORT: String(port),
      REGISTRY_PORT: String(registryPort),
      GATEWAY_SHUTDOWN_GRACE_MS: '0',
      // The stand-in instance registers once, and never heartbeats.
      REGISTRY_TTL_MS: '600000',
      LOG_LEVEL: 'info',
      OTEL_SDK_DISABLED: 'false',
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: collectorUrl,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const registryUrl = `http://127.0.0.1:${registryPort}`;
  await waitUntil('the gateway registry to answer', async () => (await fetch(`${registryUrl}/registry`)).ok, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const registered = await fetch(`${registryUrl}/registry/order-service/traced-1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: upstream.url }),
  });
  expect(registered.status).toBe(201);
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
