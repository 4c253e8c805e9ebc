import { SpanKind, type Attributes, type Context, type Link, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';
import type { TracingConfig } from './tracing-config.js';

/** OTEL_TRACES_SAMPLER and its argument, as the SDK would build them, behind a filter of spans that say nothing. */
export function samplerOf(config: Pick<TracingConfig, 'OTEL_TRACES_SAMPLER' | 'OTEL_TRACES_SAMPLER_ARG'>): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG);
  const samplers: Record<TracingConfig['OTEL_TRACES_SAMPLER'], Sampler> = {
    always_on: new AlwaysOnSampler(),
    always_off: new AlwaysOffSampler(),
    traceidratio: ratio,
    parentbased_always_on: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    parentbased_always_off: new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: new ParentBasedSampler({ root: ratio }),
  };
  return new WithoutKafkaBatchSpans(samplers[config.OTEL_TRACES_SAMPLER]);
}

const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/**
 * kafkajs' instrumentation wraps an `eachBatch` consumer in a `poll <topic>` span that starts a new
 * trace for every batch, with a `process <topic>` span per message under it, only linked to the
 * producer's trace. catalog-service consumes in batches and opens one span per message in the trace of
 * the order itself (its parent is the producer span named by the record's traceparent), so those
 * batch traces would repeat every message as noise. They are not recorded: the `poll` span (a Kafka
 * `receive`) and any Kafka consumer span under a local span that is not recorded. A consumer span
 * whose parent came from a record (remote), or that starts a trace, is sampled as usual.
 */
class WithoutKafkaBatchSpans implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    // Express ends a router's span as soon as it starts; it only says a router was passed through.
    if (attributes['express.type'] === 'router') return DROP;
    if (attributes['messaging.system'] === 'kafka') {
      if (attributes['messaging.operation.type'] === 'receive') return DROP;
      const parent = trace.getSpanContext(context);
      if (spanKind === SpanKind.CONSUMER && parent && !parent.isRemote && !trace.getSpan(context)?.isRecording())
        return DROP;
    }
    return this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `WithoutKafkaBatchSpans{${this.inner.toString()}}`;
  }
}
