import { ROOT_CONTEXT, SpanKind, context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import {
  contextOfRecord,
  injectIntoRecord,
  markSpanError,
  outsideAnyTrace,
  traceLogFields,
  traceResponseOf,
} from './trace-context.js';
import { recordSpansInMemory } from './tracing-memory.js';

const memory = recordSpansInMemory();
const tracer = trace.getTracer('spec');
afterAll(() => memory.stop());

describe('the trace context helpers', () => {
  it('when a span is active, then log lines get its trace and span ids, and none outside it', () => {
    const span = tracer.startSpan('request');
    const { traceId, spanId } = span.spanContext();
    expect(context.with(trace.setSpan(ROOT_CONTEXT, span), traceLogFields)).toEqual({
      trace_id: traceId,
      span_id: spanId,
    });
    expect(traceLogFields()).toEqual({});
    span.end();
  });

  it('when a span answers its traceresponse, then it is W3C level 2: 00-{trace-id}-{span-id}-{flags}', () => {
    const span = tracer.startSpan('server', { kind: SpanKind.SERVER });
    const { traceId, spanId } = span.spanContext();
    expect(traceResponseOf(span)).toBe(`00-${traceId}-${spanId}-01`);
    expect(traceResponseOf(undefined)).toBeUndefined();
    span.end();
  });

  it("when a record's headers get a span's context, then the consumer reads the same context back from Buffers", () => {
    const span = tracer.startSpan('send orders', { kind: SpanKind.PRODUCER });
    const headers: Record<string, string> = {};
    injectIntoRecord(trace.setSpan(ROOT_CONTEXT, span), headers);
    expect(headers.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    const received = { traceparent: Buffer.from(headers.traceparent!), 'x-request-id': Buffer.from('r-1') };
    const { traceId, spanId } = span.spanContext();
    expect(trace.getSpanContext(contextOfRecord(received))).toMatchObject({ traceId, spanId, isRemote: true });
    expect(trace.getSpanContext(contextOfRecord(undefined))).toBeUndefined();
    span.end();
  });

  it('when work runs outside any trace, then it has no active span, logs no ids and injects nothing', () => {
    const span = tracer.startSpan('request');
    context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      outsideAnyTrace(() => {
        expect(trace.getActiveSpan()).toBeUndefined();
        expect(traceLogFields()).toEqual({});
        expect(tracer.startSpan('instrumented').isRecording()).toBe(false);
      }),
    );
    span.end();
  });

  it('when a span is marked failed, then an unexpected error is recorded with its stack, an AppError by code', () => {
    const unexpected = tracer.startSpan('unexpected');
    markSpanError(unexpected, new Error('boom'));
    unexpected.end();
    const chosen = tracer.startSpan('chosen');
    markSpanError(chosen, new AppError('kafka-unavailable', 503, 'Kafka did not take the order.'));
    chosen.end();
    const [first, second] = memory.spans().filter((span) => ['unexpected', 'chosen'].includes(span.name));
    expect(first).toMatchObject({ status: { code: 2, message: 'boom' }, events: [{ name: 'exception' }] });
    expect(second).toMatchObject({
      status: { code: 2, message: 'Kafka did not take the order.' },
      attributes: { 'error.type': 'kafka-unavailable' },
      events: [],
    });
  });
});
