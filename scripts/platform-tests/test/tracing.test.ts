import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@order-platform/platform-harness';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { infra, startTestPlatform, type TestPlatform } from './support/test-platform.js';
import { describeTrace, tracedPost, waitForTrace, type ZipkinSpan } from './support/zipkin.js';

/**
 * Tracing of the whole platform, on the real broker, sink, database and the shared Zipkin that
 * `pnpm infra:up` runs: one POST through the gateway is one trace across the three services, joined
 * through Kafka by the records' traceparent; its log lines carry its trace id; and a Zipkin that
 * cannot be reached costs the requests nothing. Two platforms of this file's own: one exporting to
 * Zipkin, one exporting to a port where nothing listens (the shared Zipkin is never stopped).
 */
// Spans leave each process every 200 ms instead of every 5 s: the waits below stay short.
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '200' };
let traced: TestPlatform;
let zipkinDown: TestPlatform;

beforeAll(async () => {
  const nowhere = `http://127.0.0.1:${await findFreePort(26_900)}/api/v2/spans`;
  const started = await Promise.allSettled([
    startTestPlatform('platform-tracing', { firstPort: 22_200, env: FAST_EXPORT }),
    startTestPlatform('platform-no-zipkin', {
      firstPort: 22_400,
      env: { ...FAST_EXPORT, OTEL_EXPORTER_ZIPKIN_ENDPOINT: nowhere },
      orderIds: ['no-zipkin-1', 'no-zipkin-2'],
    }),
  ]);
  // One that failed must not leave the other running until the test process ends.
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.stop()] : [])));
    throw failed.reason;
  }
  [traced, zipkinDown] = started.map((result) => (result as PromiseFulfilledResult<TestPlatform>).value) as [
    TestPlatform,
    TestPlatform,
  ];
}, 240_000);

afterAll(async () => {
  await Promise.all([traced?.stop(), zipkinDown?.stop()]);
}, 60_000);

const order = { productId: 'CATALOG-0001', qty: 2, unitPrice: 1500 };
const spansOfService = (spans: ZipkinSpan[], service: string) =>
  spans.filter((span) => span.localEndpoint.serviceName === service);

describe('one POST, one trace', () => {
  it(
    'when an order is POSTed through the gateway, then its trace holds the gateway, order-service and' +
      ' catalog-service, with a PRODUCER span and the CONSUMER span it parents through Kafka',
    async () => {
      const requestId = uniqueId('trace-req');
      const placed = await tracedPost(traced.gatewayUrl, uniqueId('trace-user'), order, requestId);
      expect(placed.status).toBe(201);

      const spans = await waitForTrace(placed.traceId, 'the stock update of catalog-service', (found) =>
        found.some((span) => span.name === 'stock update'),
      );
      expect(new Set(spans.map((span) => span.localEndpoint.serviceName))).toEqual(
        new Set(['gateway', 'order-service', 'catalog-service']),
      );
      const names = describeTrace(spans);
      expect(names).toEqual(
        expect.arrayContaining([
          'gateway: post /order-service/** (SERVER)',
          'gateway: post (CLIENT)',
          'order-service: post /order-service/:userid/orders (SERVER)',
          'order-service: request handler - /order-service/:userid/orders (INTERNAL)',
          'order-service: kafka transaction (INTERNAL)',
          `order-service: send ${infra.ORDERS_TOPIC} (PRODUCER)`,
          `order-service: send ${traced.catalog.topic} (PRODUCER)`,
          'order-service: wait for order visibility (INTERNAL)',
          `catalog-service: process ${traced.catalog.topic} (CONSUMER)`,
          'catalog-service: stock update (INTERNAL)',
        ]),
      );
      // Joined through Kafka: catalog-service's span is a child of the span that produced its record.
      const consumer = spansOfService(spans, 'catalog-service').find((span) => span.kind === 'CONSUMER')!;
      const producer = spans.find((span) => span.id === consumer.parentId);
      expect(producer).toMatchObject({ kind: 'PRODUCER', localEndpoint: { serviceName: 'order-service' } });
      expect(consumer.traceId).toBe(placed.traceId);
      // The request id stays, as an attribute of each service's request span and of the message's span.
      for (const span of spans.filter((found) => found.kind === 'SERVER' || found.kind === 'CONSUMER'))
        expect(span.tags?.['request.id'], span.name).toBe(requestId);
      expect(spans.every((span) => span.tags?.['otel.status_code'] !== 'ERROR')).toBe(true);
    },
  );

  it('when a traced request is logged, then the gateway and order-service lines carry its trace id', async () => {
    const requestId = uniqueId('trace-log');
    const placed = await tracedPost(traced.gatewayUrl, uniqueId('trace-log-user'), order, requestId);
    expect(placed.status).toBe(201);
    const linesOf = (prefix: string) =>
      traced.lines
        .filter((line) => line.startsWith(prefix) && line.includes(`"requestId":"${requestId}"`))
        .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>);
    await waitUntil('both access lines', () => linesOf('gateway').length > 0 && linesOf('order-').length > 0, {
      timeoutMs: 10_000,
    });
    for (const line of [...linesOf('gateway'), ...linesOf('order-')]) {
      expect(line).toMatchObject({ trace_id: placed.traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    }
    // The span a line names is one of the trace's spans.
    const spans = await waitForTrace(placed.traceId, 'the request spans', (found) => found.length >= 3);
    const orderLine = linesOf('order-')[0]!;
    expect(spans.map((span) => span.id)).toContain(orderLine.span_id);
  });
});

describe('a message that is not an order', () => {
  it(
    'when a record with a traceparent cannot be applied, then its consumer span continues that trace as an' +
      ' error, and the dead-letter write is a span of it',
    async () => {
      const [traceId, parentId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
      const kafka = createKafka({
        clientId: 'tracing-test',
        brokers: infra.KAFKA_BROKERS,
        logger: createLogger('tracing-test', 'error'),
      });
      const producer = kafka.producer();
      await producer.connect();
      try {
        await producer.send({
          topic: traced.catalog.topic,
          acks: -1,
          messages: [
            { key: 'CATALOG-0001', value: 'not json', headers: { traceparent: `00-${traceId}-${parentId}-01` } },
          ],
        });
      } finally {
        await producer.disconnect();
      }
      const spans = await waitForTrace(traceId, 'the dead-letter write', (found) =>
        found.some((span) => span.kind === 'PRODUCER'),
      );
      const consumer = spans.find((span) => span.kind === 'CONSUMER');
      expect(consumer).toMatchObject({
        parentId,
        localEndpoint: { serviceName: 'catalog-service' },
        tags: { 'order.outcome': 'dead-lettered', 'error.type': 'not-json', 'otel.status_code': 'ERROR' },
      });
      expect(spans.find((span) => span.kind === 'PRODUCER')).toMatchObject({
        name: `send ${traced.catalog.dlq}`,
        parentId: consumer!.id,
      });
    },
  );
});

describe('a tracing backend that cannot be reached', () => {
  it(
    'when Zipkin cannot be reached, then orders still get 201 and their latency stays within the spread of' +
      ' the same platform exporting to Zipkin',
    { timeout: 120_000 },
    async () => {
      const latencies = { traced: [] as number[], zipkinDown: [] as number[] };
      const statuses: number[] = [];
      // Interleaved, so both platforms see the same machine; the first of each warms the connections up.
      for (let i = 0; i < 31; i++) {
        for (const [name, platform] of [
          ['traced', traced],
          ['zipkinDown', zipkinDown],
        ] as const) {
          const placed = await tracedPost(platform.gatewayUrl, uniqueId('zipkin-down'), order, uniqueId('req'));
          statuses.push(placed.status);
          if (i > 0) latencies[name].push(placed.elapsedMs);
        }
      }
      expect(new Set(statuses)).toEqual(new Set([201]));
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const baseline = { median: median(latencies.traced), max: Math.max(...latencies.traced) };
      // Generous on purpose (a busy machine): a request that waited for the exporter would take far longer.
      expect(median(latencies.zipkinDown)).toBeLessThanOrEqual(2 * baseline.median + 50);
      expect(Math.max(...latencies.zipkinDown)).toBeLessThanOrEqual(2 * baseline.max + 250);
    },
  );
});
