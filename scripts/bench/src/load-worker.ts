import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import type { LoadResult, LoadSpec } from './load-spec.js';
import { round, summarize } from './stats.js';

/**
 * The load generator, a process of its own (the runner spawns it per run, so its CPU is never
 * the runner's): autocannon on keep-alive connections, a warm-up that is thrown away, then the
 * measured run. Every response time is kept, so p95 and p99 are exact rather than autocannon's
 * histogram buckets. Prints one JSON line (LoadResult) on stdout.
 */
const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;

function request(): AutocannonRequest {
  let n = 0;
  const bodies = spec.bodies ?? [];
  const headers: Record<string, string> = spec.method === 'POST' ? { 'content-type': 'application/json' } : {};
  return {
    method: spec.method,
    path: spec.path,
    headers,
    body: bodies[0],
    setupRequest: (req) => {
      n += 1;
      const path = spec.users ? spec.path.replace('{user}', `${spec.users.prefix}${n % spec.users.count}`) : spec.path;
      return { ...req, path, ...(bodies.length > 1 ? { body: bodies[n % bodies.length] } : {}) };
    },
  };
}

function run(durationS: number, onResponse?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: spec.url, connections: spec.connections, duration: durationS, timeout: 30, requests: [request()] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse)
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => onResponse(ms));
  });
}

if (spec.warmupS > 0) await run(spec.warmupS);
const cpuBefore = process.cpuUsage();
let latencies = new Float64Array(1 << 16);
let count = 0;
const result = await run(spec.durationS, (ms) => {
  if (count === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2);
    bigger.set(latencies);
    latencies = bigger;
  }
  latencies[count++] = ms;
});

const statusCounts: Record<string, number> = {};
for (const [status, { count: n }] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = Number(n);
const startedAt = new Date(result.start).getTime();
const finishedAt = new Date(result.finish).getTime();
const durationS = (finishedAt - startedAt) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const output: LoadResult = {
  connections: spec.connections,
  durationS: round(durationS, 2),
  rps: round(count / durationS),
  requests: count,
  latencyMs: summarize(latencies.subarray(0, count)),
  statusCounts,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  generatorCpuCores: round((cpu.user + cpu.system) / 1e6 / durationS, 2),
  startedAt,
  finishedAt,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
