import { ROOT_CONTEXT, SpanKind, trace, type Span } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, injectIntoRecord } from '@order-platform/service-kit';
import { recordSpansInMemory } from '@order-platform/service-kit/testing';
import { memoryStockLedger } from '../domain/memory-stock-ledger.js';
import type { StockOrder } from '../domain/stock-order.js';
import { ConsumerStatusTracker } from './consumer-status.js';
import { createOrderBatchHandler } from './order-batch-handler.js';

const memory = recordSpansInMemory();
const tracer = trace.getTracer('spec');
afterAll(() => memory.stop());

/** A record as order-service writes it: its producer span's context in `traceparent`. */
function record(offset: number, value: StockOrder | string, producer?: Span): KafkaMessage {
  const headers: Record<string, string> = { 'x-request-id': `req-${offset}` };
  if (producer) injectIntoRecord(trace.setSpan(ROOT_CONTEXT, producer), headers);
  return {
    key: null,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
  };
}

const order = (orderId: string, qty: number): StockOrder => ({
  orderId,
  userId: 'u',
  productId: 'A',
  qty,
  unitPrice: 1,
  totalPrice: qty,
});

describe('the traces of a batch of order messages', () => {
  it('when one batch holds orders of several traces, then each message continues its own trace', async () => {
    const producers = [1, 2, 3].map((n) => tracer.startSpan(`send ${n}`, { kind: SpanKind.PRODUCER }));
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('spec', 'info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const handle = createOrderBatchHandler({
      ledger: memoryStockLedger({ A: 5 }, []).ledger,
      deadLetters: { publish: async () => undefined },
      tracker: new ConsumerStatusTracker('group', 'topic'),
      logger,
      maxBackoffMs: 10,
      batchMax: 10,
    });
    const messages = [
      record(0, order('o-1', 2), producers[0]),
      record(1, order('o-2', 9), producers[1]), // more than the stock: rejected
      record(2, 'not json', producers[2]),
      record(3, order('o-4', 1)), // no traceparent: a trace of its own
    ];
    await handle('topic', 0, messages, {
      wait: async () => undefined,
      shouldStop: () => false,
      settled: async () => undefined,
    });

    const spans = memory.spans();
    const consumers = spans.filter((span) => span.kind === SpanKind.CONSUMER);
    expect(consumers.map((span) => span.name)).toEqual(Array(4).fill('process topic'));
    producers.forEach((producer, index) => {
      expect(consumers[index]!.spanContext().traceId).toBe(producer.spanContext().traceId);
      expect(consumers[index]!.parentSpanContext).toMatchObject({
        spanId: producer.spanContext().spanId,
        isRemote: true,
      });
    });
    expect(consumers[3]!.parentSpanContext).toBeUndefined();
    expect(consumers.map((span) => span.attributes['order.outcome'])).toEqual([
      'applied',
      'rejected',
      'dead-lettered',
      'applied',
    ]);
    expect(consumers.map((span) => span.status.code)).toEqual([0, 0, 2, 0]);
    expect(consumers[0]!.attributes).toMatchObject({
      'request.id': 'req-0',
      'order.id': 'o-1',
      'messaging.kafka.offset': 0,
    });

    // The three orders went through one database transaction: a stock update span in each order's trace.
    const updates = spans.filter((span) => span.name === 'stock update');
    expect(updates.map((span) => span.parentSpanContext?.spanId)).toEqual(
      [0, 1, 3].map((index) => consumers[index]!.spanContext().spanId),
    );
    expect(updates.map((span) => span.attributes['stock.outcome'])).toEqual(['applied', 'rejected', 'applied']);

    // A line about one message carries its trace; the line about the whole batch carries none.
    const rejected = lines.find((line) => line.msg === 'order rejected: stock unchanged')!;
    expect(rejected).toMatchObject({
      trace_id: producers[1]!.spanContext().traceId,
      span_id: consumers[1]!.spanContext().spanId,
    });
    expect(lines.find((line) => line.msg === 'orders applied to stock')).not.toHaveProperty('trace_id');
  });
});
