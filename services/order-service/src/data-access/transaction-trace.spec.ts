import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { contextOfRecord } from '@order-platform/service-kit';
import { recordSpansInMemory } from '@order-platform/service-kit/testing';
import { TransactionTrace } from './transaction-trace.js';

const memory = recordSpansInMemory();
const tracer = trace.getTracer('spec');
afterAll(() => memory.stop());

/** Two requests, each with a trace of its own, whose orders ride in one Kafka transaction. */
function twoRequests() {
  return ['order-a', 'order-b'].map((orderId) => {
    const request = tracer.startSpan(`POST ${orderId}`, { kind: SpanKind.SERVER });
    return { orderId, request, context: trace.setSpan(ROOT_CONTEXT, request) };
  });
}

describe('the spans of a Kafka transaction of many orders', () => {
  it("when two requests' orders share a transaction, then each record carries its own order's trace", async () => {
    const requests = twoRequests();
    const spans = new TransactionTrace(requests, { transactionalId: 'order-service-orders-order-1' });
    const headers = requests.map((_, index) => spans.send(index, 'orders', `key-${index}`));
    await spans.sending(Promise.resolve());
    spans.ended({ kind: 'committed' });

    const finished = memory.spans();
    requests.forEach(({ orderId, request }, index) => {
      const traceId = request.spanContext().traceId;
      const transaction = finished.find((span) => span.attributes['order.id'] === orderId)!;
      expect(transaction).toMatchObject({ name: 'kafka transaction', status: { code: 0 } });
      expect(transaction.spanContext().traceId).toBe(traceId);
      expect(transaction.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(transaction.attributes).toMatchObject({
        'messaging.batch.message_count': 4,
        'kafka.transaction.outcome': 'committed',
      });
      const producer = finished.find(
        (span) =>
          span.kind === SpanKind.PRODUCER && span.parentSpanContext?.spanId === transaction.spanContext().spanId,
      )!;
      expect(producer).toMatchObject({
        name: 'send orders',
        attributes: { 'messaging.kafka.message.key': `key-${index}` },
      });
      // The record names its producer span: catalog-service's span becomes that span's child.
      expect(trace.getSpanContext(contextOfRecord(headers[index]))).toMatchObject({
        traceId,
        spanId: producer.spanContext().spanId,
      });
    });
  });

  it('when producing fails and the transaction is not committed, then its spans are errors', async () => {
    const requests = twoRequests();
    const spans = new TransactionTrace(requests, { transactionalId: 'order-service-orders-order-1' });
    spans.send(0, 'orders', 'key-0');
    const failure = new Error('broker unreachable');
    await expect(spans.sending(Promise.reject(failure))).rejects.toBe(failure);
    spans.ended({ kind: 'not-committed', error: failure });

    const ofThisTrace = memory
      .spans()
      .filter((span) => span.spanContext().traceId === requests[0]!.request.spanContext().traceId);
    expect(ofThisTrace.map((span) => [span.name, span.status.code])).toEqual([
      ['send orders', 2],
      ['kafka transaction', 2],
    ]);
  });
});
