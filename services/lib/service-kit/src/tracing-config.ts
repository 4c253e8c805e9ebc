import { z } from 'zod';
import { env } from './config.js';

/**
 * The tracing keys every deployable reads (docs/design.md, §11). Apart from ZIPKIN_URL (shared with
 * infra, which runs Zipkin there) they carry OpenTelemetry's standard names, so the SDK and the
 * exporters read the same values from the environment; the schema gives them this platform's
 * defaults (spans to Zipkin) and turns a wrong value into one line at start-up. Other standard
 * variables (OTEL_EXPORTER_OTLP_*, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES) are read by the SDK itself.
 */
export const tracingKeys = {
  OTEL_SDK_DISABLED: env.flag(false, 'true turns tracing off: no spans, no trace ids in logs, no traceresponse'),
  OTEL_TRACES_EXPORTER: z
    .enum(['zipkin', 'otlp', 'console', 'none'])
    .default('zipkin')
    .describe('where spans go: zipkin (OTEL_EXPORTER_ZIPKIN_ENDPOINT), otlp (OTEL_EXPORTER_OTLP_*), console, none'),
  ZIPKIN_URL: env.string('http://127.0.0.1:9411', 'Zipkin (trace UI and span collector); infra:up starts one there'),
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: env.string(
    '',
    'where spans go with OTEL_TRACES_EXPORTER=zipkin; empty: {ZIPKIN_URL}/api/v2/spans',
  ),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
      'always_on',
      'always_off',
      'traceidratio',
    ])
    .default('parentbased_always_on')
    .describe('which traces are recorded; parentbased_* follow the caller, *traceidratio keeps a share'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('the share of new traces a *traceidratio sampler records, 0 to 1'),
};

export type TracingConfig = z.infer<z.ZodObject<typeof tracingKeys>>;

export interface Tracing {
  /** Names the instance (`service.instance.id`) once it is known: spans wait for it before they are exported. */
  identify(instanceId: string): void;
  /** Exports the spans still buffered, waiting at most `timeoutMs` (a backend that is down costs no more). */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Tracing turned off (OTEL_SDK_DISABLED=true). */
export const NO_TRACING: Tracing = { identify: () => undefined, shutdown: () => Promise.resolve() };
