import type { ConsumerResult } from './scenario-consumer.js';
import type { CeilingResult } from './scenario-ceiling.js';
import type { OrderRun } from './scenario-orders.js';
import type { ReadRun } from './scenario-reads.js';
import type { StartResult } from './scenario-start.js';
import type { VisibilityResult } from './scenario-visibility.js';
import type { MemoryResult } from './scenario-memory.js';
import type { MachineFacts } from './machine.js';

export interface ScenarioResults {
  ceiling?: CeilingResult;
  orders?: OrderRun[];
  visibility?: VisibilityResult & { othersCpuCores: number };
  reads?: ReadRun[];
  consumer?: ConsumerResult;
  start?: StartResult;
  memory?: MemoryResult;
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
}

export function referenceFigures(results: ScenarioResults): ReferenceFigures {
  const ceiling = results.ceiling?.runs.reduce<CeilingResult['runs'][number] | undefined>(
    (best, run) => (!best || run.throughGateway.rps > best.throughGateway.rps ? run : best),
    undefined,
  );
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

export const TARGETS: Target[] = [
  {
    figure: 'noopCeilingRps',
    label: 'ceiling: health_check through the gateway (req/s)',
    target: 'reference',
    met: () => null,
  },
  {
    figure: 'ordersPerSec',
    label: 'orders/s, 2 instances (best of the connection counts)',
    target: '≥ ½ ceiling',
    met: (f) => (known(f.ordersPerSec, f.noopCeilingRps) ? f.ordersPerSec! >= f.noopCeilingRps! / 2 : null),
  },
  {
    figure: 'orderP99Ms',
    label: 'order p99 at that load (ms)',
    target: '≤ 50',
    met: (f) => (known(f.orderP99Ms) ? f.orderP99Ms! <= 50 : null),
  },
  {
    figure: 'visibilityP99Ms',
    label: 'visibility p99, answer → readable (ms)',
    target: '≤ 300',
    met: (f) => (known(f.visibilityP99Ms) ? f.visibilityP99Ms! <= 300 : null),
  },
  {
    figure: 'getP99Ms',
    label: 'GET p99, user with 1,000 orders (ms)',
    target: '≤ 20',
    met: (f) => (known(f.getP99Ms) ? f.getP99Ms! <= 20 : null),
  },
  {
    figure: 'consumerMsgsPerSec',
    label: 'catalog consumer (messages/s)',
    target: '≥ 5,000',
    met: (f) => (known(f.consumerMsgsPerSec) ? f.consumerMsgsPerSec! >= 5000 : null),
  },
  {
    figure: 'startupSeconds',
    label: 'warm start, Kafka and Connect stopped, to first 201 (s)',
    target: '≤ 30',
    met: (f) => (known(f.startupSeconds) ? f.startupSeconds! <= 30 : null),
  },
  {
    figure: 'gatewayOverhead',
    label: 'gateway overhead (direct ÷ through gateway)',
    target: '≤ 1.15',
    met: (f) => (known(f.gatewayOverhead) ? f.gatewayOverhead! <= 1.15 : null),
  },
];

export function targetsMet(figures: ReferenceFigures): Record<string, boolean | null> {
  return Object.fromEntries(
    TARGETS.filter((target) => target.target !== 'reference').map((target) => [target.figure, target.met(figures)]),
  );
}

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
const mark = (met: boolean | null) => (met === null ? '' : met ? '✓' : '✗');

/** The markdown printed at the end of a run and pasted into BENCHMARKS.md. */
export function markdownReport(
  figures: ReferenceFigures,
  results: ScenarioResults,
  machine: MachineFacts,
  when: string,
): string {
  const lines: string[] = [];
  lines.push(
    `Run ${when}, commit ${machine.gitCommit}; ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.versions.node}, Kafka ${machine.versions.kafka}, MariaDB ${machine.versions.mariadb}, load average at start ${machine.loadAverage1m}.`,
    '',
  );
  lines.push('| figure | value | target | met |', '| --- | ---: | --- | :---: |');
  for (const target of TARGETS)
    lines.push(
      `| ${target.label} | ${fmt(figures[target.figure])} | ${target.target} | ${mark(target.met(figures))} |`,
    );

  if (results.ceiling) {
    lines.push(
      '',
      `Ceiling (GET ${results.ceiling.path}, ${results.ceiling.instances} instances):`,
      '',
      '| connections | through gateway req/s | p99 ms | direct req/s | p99 ms | direct ÷ gateway | others’ CPU (cores) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const run of results.ceiling.runs) {
      lines.push(
        `| ${run.connections} | ${fmt(run.throughGateway.rps)} | ${fmt(run.throughGateway.latencyMs.p99)} | ${fmt(run.direct.rps)} | ${fmt(run.direct.latencyMs.p99)} | ${fmt(run.overhead)} | ${fmt(run.throughGateway.othersCpuCores)} / ${fmt(run.direct.othersCpuCores)} |`,
      );
    }
  }
  if (results.orders?.length) {
    lines.push(
      '',
      'Orders (POST through the gateway):',
      '',
      '| instances | connections | orders/s | p50 ms | p95 ms | p99 ms | non-2xx | 202 share | all written by the sink | others’ CPU (cores) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |',
    );
    for (const run of results.orders) {
      const l = run.load.latencyMs;
      lines.push(
        `| ${run.instances} | ${run.connections} | ${fmt(run.ordersPerSec)} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ${run.non2xx} | ${fmt(run.share202 * 100)}% | ${run.sinkCaughtUp ? 'yes' : 'NO'} | ${fmt(run.othersCpuCores)} |`,
      );
    }
  }
  if (results.visibility) {
    const v = results.visibility;
    lines.push(
      '',
      `Visibility at ${fmt(v.ratePerSec)} orders/s: answer → readable p50 ${fmt(v.answerToVisibleMs.p50)} ms, p99 ${fmt(v.answerToVisibleMs.p99)} ms; send → readable p50 ${fmt(v.sendToVisibleMs.p50)} ms, p99 ${fmt(v.sendToVisibleMs.p99)} ms; statuses ${JSON.stringify(v.statusCounts)}, never seen ${v.notSeen}; other processes used ${fmt(v.othersCpuCores)} cores.`,
    );
  }
  if (results.reads?.length) {
    lines.push(
      '',
      'Reads (GET through the gateway; direct: the same GET straight to one instance):',
      '',
      '| orders of the user | bytes | connections | req/s | p50 ms | p99 ms | direct req/s | direct p99 ms | others’ CPU (cores) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const run of results.reads) {
      lines.push(
        `| ${run.orders} | ${run.bytes} | ${run.connections} | ${fmt(run.load.rps)} | ${fmt(run.load.latencyMs.p50)} | ${fmt(run.load.latencyMs.p99)} | ${fmt(run.direct?.rps)} | ${fmt(run.direct?.latencyMs.p99)} | ${fmt(run.load.othersCpuCores)} |`,
      );
    }
  }
  if (results.consumer) {
    const c = results.consumer;
    lines.push(
      '',
      `Catalog consumer: ${fmt(c.messages)} orders at ${fmt(c.messagesPerSec)} messages/s (${fmt(c.wallSeconds)} s from process start to the last one); stock exact and no dead letter: ${c.exact ? 'yes' : 'NO'}.`,
    );
  }
  if (results.start) {
    const runs = (seconds: number[]) => seconds.map((s) => `${fmt(s)} s`).join(', ');
    lines.push(
      '',
      `Start (pnpm start → first 201 through the gateway): with Kafka and Connect stopped, jars cached ${runs(results.start.wholeSystem)} (the first on a new storage; the last is reported); with them already up ${runs(results.start.servicesOnly)}.`,
    );
  }
  const ceilingRun = results.ceiling?.runs.reduce<CeilingResult['runs'][number] | undefined>(
    (best, run) => (!best || run.throughGateway.rps > best.throughGateway.rps ? run : best),
    undefined,
  );
  const reference = bestOrderRun(results.orders ?? []);
  if (ceilingRun && reference) {
    // CPU time each process spends per answered request: why an order costs several health_checks.
    const perRequest = (usage: Record<string, { cpuCores: number }>, rps: number) =>
      Object.fromEntries(Object.entries(usage).map(([name, { cpuCores }]) => [name, (cpuCores * 1000) / rps]));
    const health = perRequest(ceilingRun.throughGateway.usage, ceilingRun.throughGateway.rps);
    const order = perRequest(reference.usage, reference.ordersPerSec);
    const total = (costs: Record<string, number>) => Object.values(costs).reduce((sum, value) => sum + value, 0);
    lines.push(
      '',
      `CPU per answered request, ms (health_check through the gateway at ${ceilingRun.connections} connections; order at ${reference.instances} instances, ${reference.connections} connections; load generator excluded):`,
      '',
      '| process | health_check | order |',
      '| --- | ---: | ---: |',
    );
    for (const name of [...new Set([...Object.keys(order), ...Object.keys(health)])].filter(
      (name) => name !== 'load generator',
    )) {
      lines.push(`| ${name} | ${fmt(health[name])} | ${fmt(order[name])} |`);
    }
    const sum = (costs: Record<string, number>) =>
      total(Object.fromEntries(Object.entries(costs).filter(([name]) => name !== 'load generator')));
    lines.push(`| all of the platform | ${fmt(sum(health))} | ${fmt(sum(order))} |`);
  }
  if (results.memory) {
    lines.push(
      '',
      `Memory and CPU (under load: ${results.memory.underLoadRun}):`,
      '',
      '| process | idle RSS MiB | RSS under load MiB | CPU under load (cores) |',
      '| --- | ---: | ---: | ---: |',
    );
    const names = [...new Set([...Object.keys(results.memory.idle), ...Object.keys(results.memory.underLoad)])];
    for (const name of names) {
      lines.push(
        `| ${name} | ${fmt(results.memory.idle[name]?.rssMiB)} | ${fmt(results.memory.underLoad[name]?.peakRssMiB)} | ${fmt(results.memory.underLoad[name]?.cpuCores)} |`,
      );
    }
  }
  return lines.join('\n');
}
