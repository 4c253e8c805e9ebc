import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Attributes } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { samplerOf } from './tracing-sampler.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const parent = (options: { remote: boolean; sampled: boolean }) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE,
    spanId: 'b7ad6b7169203331',
    traceFlags: options.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: options.remote,
  });
const kafka = (operation: string): Attributes => ({
  'messaging.system': 'kafka',
  'messaging.operation.type': operation,
});

describe('the sampler', () => {
  const sampler = samplerOf({ OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_SAMPLER_ARG: 1 });
  const decide = (context = ROOT_CONTEXT, kind = SpanKind.INTERNAL, attributes: Attributes = {}) =>
    sampler.shouldSample(context, TRACE, 'span', kind, attributes, []).decision;

  it("when kafkajs opens a batch's poll span, then it is not recorded (it would start a trace per batch)", () => {
    expect(decide(ROOT_CONTEXT, SpanKind.CLIENT, kafka('receive'))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('when a consumer span continues the trace of its record, then it is recorded; under a dropped poll, not', () => {
    const remote = parent({ remote: true, sampled: true });
    expect(decide(remote, SpanKind.CONSUMER, kafka('process'))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(ROOT_CONTEXT, SpanKind.CONSUMER, kafka('process'))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    const droppedPoll = parent({ remote: false, sampled: false });
    expect(decide(droppedPoll, SpanKind.CONSUMER, kafka('process'))).toBe(SamplingDecision.NOT_RECORD);
    const always = samplerOf({ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 1 });
    expect(always.shouldSample(droppedPoll, TRACE, 'p', SpanKind.CONSUMER, kafka('process'), []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it("when express passes through a router, then its empty span is not recorded; a route handler's is", () => {
    expect(decide(ROOT_CONTEXT, SpanKind.INTERNAL, { 'express.type': 'router' })).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(ROOT_CONTEXT, SpanKind.INTERNAL, { 'express.type': 'request_handler' })).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('when OTEL_TRACES_SAMPLER is parent-based, then a caller that did not sample decides for us', () => {
    expect(decide(parent({ remote: true, sampled: false }), SpanKind.SERVER)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(parent({ remote: true, sampled: true }), SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('when the ratio is 0 or 1, then no new trace or every new trace is recorded', () => {
    const none = samplerOf({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 0 });
    const all = samplerOf({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 1 });
    expect(none.shouldSample(ROOT_CONTEXT, TRACE, 's', SpanKind.SERVER, {}, []).decision).toBe(
      SamplingDecision.NOT_RECORD,
    );
    expect(all.shouldSample(ROOT_CONTEXT, TRACE, 's', SpanKind.SERVER, {}, []).decision).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });
});
