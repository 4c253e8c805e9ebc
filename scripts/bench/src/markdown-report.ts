import { TARGETS, bestCeilingRun, bestOrderRun, type ReferenceFigures, type ScenarioResults } from './figures.js';
import type { MachineFacts } from './machine.js';

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
const mark = (met: boolean | null) => (met === null ? '' : met ? '✓' : '✗');
const row = (...cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
/** A table: its title line, the header row, the alignment row and the rows. */
const table = (title: string, header: string[], align: string[], rows: string[]) => [
  '',
  title,
  '',
  row(...header),
  row(...align),
  ...rows,
];
const numbers = (count: number) => Array<string>(count).fill('---:');
const OTHERS = 'others’ CPU (cores)';

function ceilingTable(results: ScenarioResults): string[] {
  const ceiling = results.ceiling;
  if (!ceiling) return [];
  const header = ['connections', 'through gateway req/s', 'p99 ms', 'through nginx req/s', 'p99 ms', 'gateway ÷ nginx'];
  header.push('direct req/s', 'p99 ms', 'direct ÷ gateway');
  const rows = ceiling.runs.map((run) =>
    row(
      run.connections,
      fmt(run.throughGateway.rps),
      fmt(run.throughGateway.latencyMs.p99),
      fmt(run.throughNginx?.rps),
      fmt(run.throughNginx?.latencyMs.p99),
      fmt(run.toNginx),
      fmt(run.direct.rps),
      fmt(run.direct.latencyMs.p99),
      fmt(run.overhead),
      `${fmt(run.throughGateway.othersCpuCores)} / ${fmt(run.direct.othersCpuCores)}`,
    ),
  );
  const title =
    `Ceiling (GET ${ceiling.path}, ${ceiling.instances} instances)` +
    (ceiling.nginxMissing ? ` (${ceiling.nginxMissing}):` : ':');
  return table(title, [...header, OTHERS], numbers(10), rows);
}

function ordersTable(results: ScenarioResults): string[] {
  if (!results.orders?.length) return [];
  const runs = results.directOrders ? [...results.orders, results.directOrders] : results.orders;
  const header = ['instances', 'connections', 'orders/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', '202 share'];
  const rows = runs.map((run) => {
    const latency = run.load.latencyMs;
    return row(
      ...[run === results.directOrders ? '1, direct' : run.instances, run.connections, fmt(run.ordersPerSec)],
      ...[fmt(latency.p50), fmt(latency.p95), fmt(latency.p99), run.non2xx, `${fmt(run.share202 * 100)}%`],
      ...[run.sinkCaughtUp ? 'yes' : 'NO', fmt(run.othersCpuCores)],
    );
  });
  const align = [...numbers(8), ':---:', '---:'];
  return table('Orders (POST through the gateway):', [...header, 'all written by the sink', OTHERS], align, rows);
}

function readsTable(results: ScenarioResults): string[] {
  if (!results.reads?.length) return [];
  const header = ['orders of the user', 'bytes', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'direct req/s'];
  const rows = results.reads.map((run) =>
    row(
      ...[run.orders, run.bytes, run.connections, fmt(run.load.rps)],
      ...[fmt(run.load.latencyMs.p50), fmt(run.load.latencyMs.p99), fmt(run.direct?.rps)],
      ...[fmt(run.direct?.latencyMs.p99), fmt(run.load.othersCpuCores)],
    ),
  );
  const title = 'Reads (GET through the gateway; direct: the same GET straight to one instance):';
  return table(title, [...header, 'direct p99 ms', OTHERS], numbers(9), rows);
}

function visibilitySentence(results: ScenarioResults): string[] {
  const v = results.visibility;
  if (!v) return [];
  return [
    '',
    `Visibility at ${fmt(v.ratePerSec)} orders/s: ` +
      `answer → readable p50 ${fmt(v.answerToVisibleMs.p50)} ms, p99 ${fmt(v.answerToVisibleMs.p99)} ms; ` +
      `send → readable p50 ${fmt(v.sendToVisibleMs.p50)} ms, p99 ${fmt(v.sendToVisibleMs.p99)} ms; ` +
      `statuses ${JSON.stringify(v.statusCounts)}, never seen ${v.notSeen}; ` +
      `other processes used ${fmt(v.othersCpuCores)} cores.`,
  ];
}

function consumerAndStartSentences(results: ScenarioResults): string[] {
  const lines: string[] = [];
  const c = results.consumer;
  if (c) {
    lines.push(
      '',
      `Catalog consumer: ${fmt(c.messages)} orders at ${fmt(c.messagesPerSec)} messages/s ` +
        `(${fmt(c.wallSeconds)} s from process start to the last one); ` +
        `stock exact and no dead letter: ${c.exact ? 'yes' : 'NO'}.`,
    );
  }
  if (results.start) {
    const runs = (seconds: number[]) => seconds.map((s) => `${fmt(s)} s`).join(', ');
    lines.push(
      '',
      'Start (pnpm start → first 201 through the gateway): with Kafka and Connect stopped, jars cached ' +
        `${runs(results.start.wholeSystem)} (the first on a new storage; the last is reported); ` +
        `with them already up ${runs(results.start.servicesOnly)}.`,
    );
  }
  return lines;
}

/** CPU time each process spends per answered request: why an order costs several health_checks. */
function cpuPerRequestTable(results: ScenarioResults): string[] {
  const ceilingRun = bestCeilingRun(results.ceiling);
  const reference = bestOrderRun(results.orders ?? []);
  if (!ceilingRun || !reference) return [];
  const perRequest = (usage: Record<string, { cpuCores: number }>, rps: number) =>
    Object.fromEntries(
      Object.entries(usage)
        .filter(([name]) => name !== 'load generator')
        .map(([name, { cpuCores }]) => [name, (cpuCores * 1000) / rps]),
    );
  const health = perRequest(ceilingRun.throughGateway.usage, ceilingRun.throughGateway.rps);
  const order = perRequest(reference.usage, reference.ordersPerSec);
  const sum = (costs: Record<string, number>) => Object.values(costs).reduce((total, value) => total + value, 0);
  const names = [...new Set([...Object.keys(order), ...Object.keys(health)])];
  const title =
    `CPU per answered request, ms (health_check through the gateway at ${ceilingRun.connections} connections; ` +
    `order at ${reference.instances} instances, ${reference.connections} connections; load generator excluded):`;
  const rows = names.map((name) => row(name, fmt(health[name]), fmt(order[name])));
  rows.push(row('all of the platform', fmt(sum(health)), fmt(sum(order))));
  return table(title, ['process', 'health_check', 'order'], ['---', ...numbers(2)], rows);
}

function memoryTable(results: ScenarioResults): string[] {
  const memory = results.memory;
  if (!memory) return [];
  const names = [...new Set([...Object.keys(memory.idle), ...Object.keys(memory.underLoad)])];
  const rows = names.map((name) =>
    row(
      name,
      fmt(memory.idle[name]?.rssMiB),
      fmt(memory.underLoad[name]?.peakRssMiB),
      fmt(memory.underLoad[name]?.cpuCores),
    ),
  );
  const header = ['process', 'idle RSS MiB', 'RSS under load MiB', 'CPU under load (cores)'];
  return table(`Memory and CPU (under load: ${memory.underLoadRun}):`, header, ['---', ...numbers(3)], rows);
}

/** What tracing costs: the best run of each setting, and every run (two rounds, modes alternating). */
function tracingTable(results: ScenarioResults): string[] {
  const tracing = results.tracing;
  if (!tracing) return [];
  const rows = tracing.runs.map((run) =>
    row(`${run.mode} (round ${run.round})`, fmt(run.ordersPerSec), fmt(run.p99Ms), fmt(run.nodeCpuMsPerOrder)),
  );
  for (const [mode, best] of Object.entries(tracing.best))
    rows.push(
      row(`**best ${mode}**`, fmt(best.ordersPerSec), `×${fmt(best.ratioToOff)} of off`, fmt(best.nodeCpuMsPerOrder)),
    );
  const title = `Tracing (2 instances, ${tracing.connections} connections; sampled10 = parent-based 10 % ratio):`;
  return table(title, ['setting', 'orders/s', 'p99 ms', 'Node CPU ms/order'], ['---', ...numbers(3)], rows);
}

/** The markdown printed at the end of a run and pasted into BENCHMARKS.md. */
export function markdownReport(
  figures: ReferenceFigures,
  results: ScenarioResults,
  machine: MachineFacts,
  when: string,
): string {
  const { versions } = machine;
  const lines = [
    `Run ${when}, commit ${machine.gitCommit}; ${machine.cores} cores (${machine.cpuModel}), ` +
      `${machine.memoryGiB} GiB, Node ${versions.node}, Kafka ${versions.kafka}, MariaDB ${versions.mariadb}, ` +
      `load average at start ${machine.loadAverage1m}.`,
    '',
    row('figure', 'value', 'target', 'met'),
    row('---', '---:', '---', ':---:'),
    ...TARGETS.map((target) =>
      row(target.label, fmt(figures[target.figure]), target.target, mark(target.met(figures))),
    ),
    ...ceilingTable(results),
    ...ordersTable(results),
    ...visibilitySentence(results),
    ...readsTable(results),
    ...consumerAndStartSentences(results),
    ...cpuPerRequestTable(results),
    ...memoryTable(results),
    ...tracingTable(results),
  ];
  return lines.join('\n');
}
