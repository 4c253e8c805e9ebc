import type { ServerResponse } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { RPCType, getRPCMetadata, suppressTracing } from '@opentelemetry/core';
import { AppError } from './errors.js';

/**
 * What the deployables share about the active trace. Each function is harmless without tracing
 * (OTEL_SDK_DISABLED, or a test that starts a composition root in-process): no span is active,
 * nothing is written.
 */

/** pino's mixin: `trace_id` and `span_id` on every line written inside a traced request or message. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : {};
}

/**
 * The span of the HTTP request being handled: the http instrumentation's server span, which it
 * hands down in the context's RPC metadata (express runs handlers inside a span of its own).
 */
export function serverSpan(): Span | undefined {
  return getRPCMetadata(context.active())?.span ?? trace.getActiveSpan();
}

/** The request id (docs/design.md, §3.1) as an attribute of the request's span, to find a trace by it. */
export function recordRequestId(requestId: string): void {
  serverSpan()?.setAttribute('request.id', requestId);
}

/**
 * Marks a span failed (status ERROR, with the error's message). An unexpected error is also recorded
 * as an `exception` event with its stack; an AppError is an answer the code chose (503
 * kafka-unavailable, no-instance), named by its code in `error.type`.
 */
export function markSpanError(span: Span | undefined, error: unknown): void {
  if (!span?.isRecording()) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AppError) span.setAttribute('error.type', error.code);
  else if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** A 5xx answer: the request's span and the active one (a handler's) are marked failed. */
export function markRequestFailed(error: unknown): void {
  const active = trace.getActiveSpan();
  markSpanError(active, error);
  const server = serverSpan();
  if (server !== active) markSpanError(server, error);
}

/**
 * The W3C Trace Context level 2 `traceresponse` header of a span: `00-{trace-id}-{span-id}-{flags}`,
 * so that a client can find the trace of its request.
 */
export function traceResponseOf(span: Span | undefined): string | undefined {
  const spanContext = span?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** Answers the request's trace to the client: `traceresponse` names the span of this request (the server span). */
export function setTraceResponse(res: ServerResponse): void {
  const header = traceResponseOf(serverSpan());
  if (header) res.setHeader('traceresponse', header);
}

/** Names the request's span by its route (`POST /order-service/**`), as Express does for its own routes. */
export function nameRoute(route: string): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) metadata.route = route;
  metadata?.span?.setAttribute('http.route', route);
}

/** Kafka headers as kafkajs hands them over: Buffers, strings, or lists of them. */
export type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const kafkaHeaderGetter: TextMapGetter<KafkaHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    const value = headers[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value);
  },
};

/** The trace context a record carries (its `traceparent`), or a context without a span when it has none. */
export function contextOfRecord(headers: KafkaHeaders | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers ?? {}, kafkaHeaderGetter);
}

/** Writes the trace context of `spanContext` (`traceparent`, `tracestate`, `baggage`) into a record's headers. */
export function injectIntoRecord(spanContext: Context, headers: Record<string, string>): void {
  propagation.inject(spanContext, headers);
}

/**
 * Runs work that belongs to no single trace (a Kafka transaction carrying many requests' orders)
 * outside of any: its log lines carry no trace id, and instrumentations add no span and inject no
 * traceparent there. Spans started with an explicit parent context are recorded as usual.
 */
export function outsideAnyTrace<T>(work: () => T): T {
  return context.with(suppressTracing(ROOT_CONTEXT), work);
}
