import type { LatencySummary } from './stats.js';

/** What one load run sends; the load worker gets it as JSON in argv. */
export interface LoadSpec {
  /** Origin, e.g. `http://127.0.0.1:39000`. */
  url: string;
  method: 'GET' | 'POST';
  /** Request path; `{user}` is replaced per request, rotating over `users.count` user ids. */
  path: string;
  users?: { prefix: string; count: number };
  /** POST bodies, sent in rotation (e.g. one per product, so orders spread over partitions). */
  bodies?: string[];
  connections: number;
  durationS: number;
  /** Same load, not measured, right before. */
  warmupS: number;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  /** Answered requests per second over the measured window. */
  rps: number;
  requests: number;
  latencyMs: LatencySummary;
  statusCounts: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU the load generator itself used, in cores over its run (it shares the machine). */
  generatorCpuCores: number;
  /** Wall-clock start and end of the measured window (epoch ms). */
  startedAt: number;
  finishedAt: number;
}
