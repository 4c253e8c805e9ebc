import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateInfra, type PrivateInfra } from '@order-platform/infra';
import { Platform } from '@order-platform/platform-harness';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { describeTrace, tracedPost, waitForTrace, type ZipkinSpan } from './support/zipkin.js';

/**
 * A POST that Kafka does not take is answered 503, and its trace says so. The broker that stops
 * answering belongs to this file's own private infrastructure (never the shared one); the spans
 * go to the shared Zipkin.
 */
// Short Kafka timeouts, so that a frozen broker fails a POST in seconds; spans leave every 200 ms.
const FAST_FAILING = {
  KAFKA_REQUEST_TIMEOUT_MS: '1500',
  KAFKA_RETRIES: '1',
  KAFKA_TRANSACTION_TIMEOUT_MS: '10000',
  OTEL_BSP_SCHEDULE_DELAY: '200',
};
let infra: PrivateInfra;
let platform: Platform;
const lines: string[] = [];

beforeAll(async () => {
  infra = await startPrivateInfra(
    uniqueId('ttrc')
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 24),
  );
  platform = new Platform({
    ports: { from: 22_600 },
    env: { ...infra.env, ...FAST_FAILING },
    write: (line) => lines.push(line),
    color: false,
    readyTimeoutMs: 150_000,
  });
  await platform.start(1, { catalog: false });
}, 240_000);

afterAll(async () => {
  await platform?.stop();
  await infra?.stop();
}, 120_000);

const isError = (span: ZipkinSpan | undefined) => span?.tags?.['otel.status_code'] === 'ERROR';

describe('the trace of a POST Kafka did not take', () => {
  it('when the broker stops answering, then the POST is a 503 whose order-service span is an error', async () => {
    const order = { productId: 'CATALOG-0002', qty: 1, unitPrice: 900 };
    // A fresh broker's transaction coordinator takes a moment to load: the first orders may get 503.
    await waitUntil(
      'the platform to place an order',
      async () =>
        (await tracedPost(platform.gatewayUrl, uniqueId('before-freeze'), order, uniqueId('req'))).status < 300,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const pid = infra.brokerPid();
    expect(pid).toBeGreaterThan(0);
    const requestId = uniqueId('trace-503');
    process.kill(pid!, 'SIGSTOP');
    let placed: Awaited<ReturnType<typeof tracedPost>>;
    try {
      placed = await tracedPost(platform.gatewayUrl, uniqueId('broker-frozen'), order, requestId);
    } finally {
      process.kill(pid!, 'SIGCONT');
    }
    expect(placed.status).toBe(503);

    const spans = await waitForTrace(placed.traceId, "order-service's failed request span", (found) =>
      found.some((span) => span.localEndpoint.serviceName === 'order-service' && span.kind === 'SERVER'),
    );
    const orderService = spans.filter((span) => span.localEndpoint.serviceName === 'order-service');
    const server = orderService.find((span) => span.kind === 'SERVER');
    expect(server?.tags).toMatchObject({ 'request.id': requestId, 'http.response.status_code': '503' });
    expect(isError(server), describeTrace(spans).join('\n')).toBe(true);
    // The transaction that was not committed says so, and the gateway's answer is an error too.
    const transaction = orderService.find((span) => span.name === 'kafka transaction');
    expect(transaction?.tags?.['kafka.transaction.outcome']).toBe('not-committed');
    expect(isError(transaction)).toBe(true);
    expect(isError(spans.find((span) => span.localEndpoint.serviceName === 'gateway' && span.kind === 'SERVER'))).toBe(
      true,
    );
  });
});
