import os from 'node:os';
import { register } from 'node:module';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConsoleSpanExporter, NoopSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { NO_TRACING, type Tracing, type TracingConfig } from './tracing-config.js';
import { samplerOf } from './tracing-sampler.js';

/**
 * Requests that are not work: probes, metrics scrapes, registry heartbeats (one a second per instance),
 * Prometheus discovery and the console (its page at `/` and everything under `/console/`, on the
 * gateway's internal port: an open page streams and refreshes). Tracing them would bury the orders' traces.
 */
const UNTRACED_PATH = /^(\/registry(\/|\?|$)|\/prometheus\/|\/console\/|\/(\?|$)|(.*\/)?(ready|metrics)(\?|$))/;

/**
 * Starts OpenTelemetry for one process: W3C trace context (and baggage) propagation, the http,
 * express and kafkajs instrumentations, a batch span processor (bounded queue: when the backend is
 * slow or down, spans are dropped, a request never waits for them) in front of Zipkin by default or
 * what OTEL_TRACES_EXPORTER names, and the sampler of OTEL_TRACES_SAMPLER.
 *
 * Runs BEFORE express, kafkajs and node:http are loaded, which is OpenTelemetry's rule: an
 * instrumentation patches a module when it is loaded (require-in-the-middle for `require`,
 * import-in-the-middle, registered here, for ESM `import`), never one already loaded and held by
 * earlier importers. So main.ts imports only the skeleton (which loads none of them,
 * test/tracing.component.test.ts checks it) and loads its composition root with a dynamic import
 * inside `start`, which runService calls after this. (Under tsx, which hands CommonJS to `require`,
 * an earlier import happened to be patched as well, when imported again; the order does not rely on
 * that, and holds for `node --import` with any other loader.) kafkajs is the pnpm-patched copy
 * (patches/): the instrumentation matches it by name and version, 2.2.4.
 *
 * `continueIncomingTraces: false` ignores a caller's traceparent (every request starts a trace);
 * outgoing requests still carry ours.
 */
export async function startTracing(options: {
  serviceName: string;
  config: TracingConfig;
  continueIncomingTraces?: boolean;
}): Promise<Tracing> {
  const { config } = options;
  if (config.OTEL_SDK_DISABLED) return NO_TRACING;
  // The ESM loader hook wraps only the modules an instrumentation asks for (express, kafkajs, http...),
  // which it learns through this channel as the instrumentations below are created.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  let identify: (instanceId: string) => void = () => undefined;
  const instanceId = new Promise<string>((resolve) => (identify = resolve));
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const exporter = exporterOf(config);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resourceFromAttributes({ 'service.instance.id': instanceId, 'host.name': os.hostname() }),
    // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME still apply; the other detectors would add
    // process and OS details to every span exported to Zipkin (it repeats them as tags on each).
    resourceDetectors: [envDetector],
    textMapPropagator: options.continueIncomingTraces === false ? outgoingOnly(propagator) : propagator,
    sampler: samplerOf(config),
    // otlp: the SDK reads OTEL_TRACES_EXPORTER and the OTEL_EXPORTER_OTLP_* variables itself. none: spans
    // are made (trace ids in logs, traceresponse, traceparent to the next hop) but sent nowhere.
    ...(exporter && { traceExporter: exporter }),
    ...(config.OTEL_TRACES_EXPORTER === 'none' && { spanProcessors: [new NoopSpanProcessor()] }),
    // Tracing only: metrics are prom-client's (GET /metrics), logs are pino's on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED_PATH.test(req.url ?? ''),
        ignoreOutgoingRequestHook: (req: RequestOptions) => UNTRACED_PATH.test(req.path ?? ''),
      }),
      // One span per route handler, named by its route; a span per middleware (json parser, request id,
      // access log) says nothing. Router layers cannot be ignored here (the instrumentation then keeps
      // their mount path twice in the route): their empty spans are dropped by the sampler instead.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE],
        spanNameHook: ({ layerType, route }, name) =>
          layerType === ExpressLayerType.REQUEST_HANDLER && route ? `request handler - ${route}` : name,
      }),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return {
    identify,
    async shutdown(timeoutMs) {
      identify(options.serviceName);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([sdk.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
    },
  };
}

function exporterOf(config: TracingConfig): SpanExporter | undefined {
  if (config.OTEL_TRACES_EXPORTER === 'zipkin') {
    const url = config.OTEL_EXPORTER_ZIPKIN_ENDPOINT || new URL('/api/v2/spans', config.ZIPKIN_URL).href;
    return new ZipkinExporter({ url });
  }
  if (config.OTEL_TRACES_EXPORTER === 'console') return new ConsoleSpanExporter();
  return undefined;
}

/** A propagator that never takes a trace from outside (the gateway with GATEWAY_TRUST_TRACEPARENT=false). */
function outgoingOnly(propagator: CompositePropagator): CompositePropagator {
  const outgoing = Object.create(propagator) as CompositePropagator;
  outgoing.extract = (context) => context;
  return outgoing;
}
