import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds, from 1 ms (the gateway's own cost) to 30 s (the default upstream timeout). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Methods get a label of their own; anything else a client sends is `other` (the label set stays small). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** The route label of a request no route matched (404s, rejected paths): never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * A service's metrics: prom-client stays in here, the services define theirs through these factories
 * (names in Prometheus' conventions: base units, `_seconds`, `_total` for counters).
 */
export interface ServiceMetrics {
  counter<L extends string = never>(name: string, help: string, labelNames?: readonly L[]): Counter<L>;
  histogram<L extends string = never>(
    name: string,
    help: string,
    buckets: number[],
    labelNames?: readonly L[],
  ): Histogram<L>;
  /** A gauge; `collect` sets its value when it is scraped. */
  gauge<L extends string = never>(
    name: string,
    help: string,
    options?: { labelNames?: readonly L[]; collect?: (gauge: Gauge<L>) => void },
  ): Gauge<L>;
  /**
   * Counts the request in `http_server_requests_total` and `http_server_request_duration_seconds`
   * once it is answered or abandoned (status `aborted`), labelled with `routeOf()`: a route
   * pattern such as `/order-service/:userId/orders`, never the raw path.
   */
  observeRequest(req: IncomingMessage, res: ServerResponse, routeOf: () => string): void;
  /** `GET /metrics`: the service's metrics and Node's process metrics, in the Prometheus text format. */
  serve(req: IncomingMessage, res: ServerResponse): void;
}

let processRegistry: Registry | undefined;

/**
 * Node's default process metrics (CPU, memory, event loop lag, GC...), collected once per process
 * however many services it runs: the tests start several in one process.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** One registry per running service, served with the process metrics by `serve`. */
export function createServiceMetrics(): ServiceMetrics {
  const registers = [new Registry()];
  const metrics: Omit<ServiceMetrics, 'observeRequest'> = {
    counter: (name, help, labelNames = []) => new Counter({ name, help, labelNames, registers }),
    histogram: (name, help, buckets, labelNames = []) => new Histogram({ name, help, buckets, labelNames, registers }),
    gauge<L extends string = never>(
      name: string,
      help: string,
      options: { labelNames?: readonly L[]; collect?: (gauge: Gauge<L>) => void } = {},
    ) {
      const labelNames = options.labelNames ?? [];
      const gauge: Gauge<L> = new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect: () => options.collect?.(gauge),
      });
      return gauge;
    },
    serve(_req, res) {
      const exposed = Registry.merge([processMetrics(), ...registers]);
      exposed.metrics().then(
        (text) => void res.writeHead(200, { 'content-type': exposed.contentType }).end(text),
        (error: unknown) =>
          void res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
      );
    },
  };
  const labels = ['method', 'route', 'status'] as const;
  const requests = metrics.counter(
    'http_server_requests_total',
    'HTTP requests answered (status) or abandoned (status "aborted"), by method and route pattern.',
    labels,
  );
  const durations = metrics.histogram(
    'http_server_request_duration_seconds',
    'Time from the request to its answer (or to the connection closing unanswered), by route and status.',
    LATENCY_BUCKETS,
    labels,
  );
  return {
    ...metrics,
    observeRequest(req, res, routeOf) {
      const started = performance.now();
      res.once('close', () => {
        const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
        const status = res.writableFinished ? String(res.statusCode) : 'aborted';
        const values = { method, route: routeOf(), status };
        requests.inc(values);
        durations.observe(values, (performance.now() - started) / 1000);
      });
    },
  };
}
