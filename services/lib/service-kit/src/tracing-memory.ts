import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace';

/**
 * `@order-platform/service-kit/testing`, for specs: what startTracing installs (a context manager that
 * follows async work, W3C trace context propagation, a tracer provider), with every finished span kept
 * in memory instead of exported. Global, like the real one: one per spec file, stopped after it.
 */
export function recordSpansInMemory(options: { sampler?: Sampler } = {}): {
  spans(): ReadableSpan[];
  stop(): Promise<void>;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: options.sampler,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
