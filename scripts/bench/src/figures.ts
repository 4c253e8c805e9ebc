import type { ConsumerResult } from './scenario-consumer.js';
import type { CeilingResult } from './scenario-ceiling.js';
import type { OrderRun } from './scenario-orders.js';
import type { ReadRun } from './scenario-reads.js';
import type { StartResult } from './scenario-start.js';
import type { VisibilityResult } from './scenario-visibility.js';
import type { MemoryResult } from './scenario-memory.js';
import type { TracingResult } from './scenario-tracing.js';

export interface ScenarioResults {
  ceiling?: CeilingResult;
  orders?: OrderRun[];
  /** The orders at the highest connection count, straight to one instance (no gateway). */
  directOrders?: OrderRun;
  visibility?: VisibilityResult & { othersCpuCores: number };
  reads?: ReadRun[];
  consumer?: ConsumerResult;
  start?: StartResult;
  memory?: MemoryResult;
  tracing?: TracingResult;
}

/** The reference figures: the top-level numbers of latest.json, each defined once, here. */
export interface ReferenceFigures {
  /** Highest health_check requests/s through the gateway (2 instances) over the connection counts. */
  noopCeilingRps: number | null;
  /** Best orders/s (2xx) with 2 instances. */
  ordersPerSec: number | null;
  /** p99 latency of that same run. */
  orderP99Ms: number | null;
  /** p99 from a POST's answer to the order listed by a GET through the gateway, at half the peak rate. */
  visibilityP99Ms: number | null;
  /** p99 of GET of a user with 1,000 orders, at the highest read connection count. */
  getP99Ms: number | null;
  consumerMsgsPerSec: number | null;
  startupSeconds: number | null;
  /** Direct ÷ through-gateway health_check requests/s, at the concurrency of noopCeilingRps. */
  gatewayOverhead: number | null;
  /** Highest health_check requests/s through nginx in front of the same 2 instances (null without nginx). */
  nginxCeilingRps: number | null;
  /** CPU of every Node process of the platform (gateway, instances, catalog-service) per order, in ms. */
  nodeCpuMsPerOrder: number | null;
  /** Orders/s straight to one instance, at the highest connection count (what the gateway with 2 must reach). */
  directOrdersPerSec: number | null;
}

const NODE_PROCESS = /^(gateway|order-service|catalog-service)/;

/** CPU ms of the platform's Node processes per order placed in `run`. */
export function nodeCpuMsPerOrder(run: OrderRun): number | null {
  if (!run.ordersPerSec) return null;
  const cores = Object.entries(run.usage)
    .filter(([name]) => NODE_PROCESS.test(name))
    .reduce((total, [, usage]) => total + usage.cpuCores, 0);
  return Math.round(((cores * 1000) / run.ordersPerSec) * 1000) / 1000;
}

/** The ceiling run with the most health_check requests/s through the gateway. */
export function bestCeilingRun(ceiling: CeilingResult | undefined): CeilingResult['runs'][number] | undefined {
  return ceiling?.runs.reduce<CeilingResult['runs'][number] | undefined>(
    (best, run) => (!best || run.throughGateway.rps > best.throughGateway.rps ? run : best),
    undefined,
  );
}

export function referenceFigures(results: ScenarioResults): ReferenceFigures {
  const ceiling = bestCeilingRun(results.ceiling);
  const reference = bestOrderRun(results.orders ?? []);
  const reads = results.reads ?? [];
  const largest = reads
    .filter((run) => run.orders === Math.max(...reads.map((r) => r.orders)))
    .reduce<ReadRun | undefined>((most, run) => (!most || run.connections > most.connections ? run : most), undefined);
  return {
    noopCeilingRps: ceiling?.throughGateway.rps ?? null,
    ordersPerSec: reference?.ordersPerSec ?? null,
    orderP99Ms: reference?.load.latencyMs.p99 ?? null,
    visibilityP99Ms: results.visibility?.answerToVisibleMs.p99 ?? null,
    getP99Ms: largest?.load.latencyMs.p99 ?? null,
    consumerMsgsPerSec: results.consumer?.messagesPerSec ?? null,
    startupSeconds: results.start?.seconds ?? null,
    gatewayOverhead: ceiling?.overhead ?? null,
    nginxCeilingRps: Math.max(0, ...(results.ceiling?.runs ?? []).map((run) => run.throughNginx?.rps ?? 0)) || null,
    nodeCpuMsPerOrder: reference ? nodeCpuMsPerOrder(reference) : null,
    directOrdersPerSec: results.directOrders?.ordersPerSec ?? null,
  };
}

export function bestOrderRun(runs: OrderRun[]): OrderRun | undefined {
  const withTwo = runs.filter((run) => run.instances === 2);
  return (withTwo.length ? withTwo : runs).reduce<OrderRun | undefined>(
    (best, run) => (!best || run.ordersPerSec > best.ordersPerSec ? run : best),
    undefined,
  );
}

interface Target {
  figure: keyof ReferenceFigures;
  label: string;
  target: string;
  met: (figures: ReferenceFigures) => boolean | null;
}

const known = (...values: Array<number | null>) => values.every((value) => value !== null && Number.isFinite(value));

/** A target that the figure is at most (or, with `atLeast`, at least) `limit`. */
const atMost = (figure: keyof ReferenceFigures, label: string, limit: number): Target => ({
  figure,
  label,
  target: `≤ ${limit}`,
  met: (f) => (known(f[figure]) ? f[figure]! <= limit : null),
});
const atLeast = (figure: keyof ReferenceFigures, label: string, limit: number): Target => ({
  figure,
  label,
  target: `≥ ${limit.toLocaleString('en-US')}`,
  met: (f) => (known(f[figure]) ? f[figure]! >= limit : null),
});

export const TARGETS: Target[] = [
  {
    figure: 'nginxCeilingRps',
    label: 'yardstick: health_check through nginx, same instances (req/s)',
    target: 'reference',
    met: () => null,
  },
  {
    figure: 'noopCeilingRps',
    label: 'ceiling: health_check through the gateway (req/s)',
    target: '≥ 0.9 × nginx',
    met: (f) => (known(f.noopCeilingRps, f.nginxCeilingRps) ? f.noopCeilingRps! >= 0.9 * f.nginxCeilingRps! : null),
  },
  {
    figure: 'ordersPerSec',
    label: 'orders/s, 2 instances (best of the connection counts)',
    target: '≥ ½ ceiling',
    met: (f) => (known(f.ordersPerSec, f.noopCeilingRps) ? f.ordersPerSec! >= f.noopCeilingRps! / 2 : null),
  },
  {
    figure: 'directOrdersPerSec',
    label: 'orders/s straight to one instance (no gateway)',
    target: '≤ orders/s, 2 instances',
    met: (f) => (known(f.ordersPerSec, f.directOrdersPerSec) ? f.ordersPerSec! >= f.directOrdersPerSec! : null),
  },
  atMost('nodeCpuMsPerOrder', 'CPU of the Node processes per order (ms)', 0.35),
  atMost('orderP99Ms', 'order p99 at that load (ms)', 50),
  atMost('visibilityP99Ms', 'visibility p99, answer → readable (ms)', 100),
  atMost('getP99Ms', 'GET p99, user with 1,000 orders (ms)', 20),
  atLeast('consumerMsgsPerSec', 'catalog consumer (messages/s)', 50_000),
  atMost('startupSeconds', 'warm start, Kafka and Connect stopped, to first 201 (s)', 8),
  atMost('gatewayOverhead', 'gateway overhead (direct ÷ through gateway)', 1.15),
];

export function targetsMet(figures: ReferenceFigures): Record<string, boolean | null> {
  return Object.fromEntries(
    TARGETS.filter((target) => target.target !== 'reference').map((target) => [target.figure, target.met(figures)]),
  );
}
