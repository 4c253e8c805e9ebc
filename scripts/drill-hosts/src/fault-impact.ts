import type { Answer } from '@order-platform/chaos';

/** One fault as it happened: from the cut (or slow-down) to the heal, and until the platform was whole again. */
export interface FaultWindow {
  name: string;
  from: number;
  healedAt: number;
  to: number;
  /** What the platform did, in a few words (the task moved, the sink task failed and was restarted...). */
  notes: string[];
}

export interface Impact {
  requests: number;
  accepted: number;
  /** Latency of every request in flight during the window, whatever its answer, in ms. */
  p50: number;
  p99: number;
  unavailable503: number;
  /** 502, 504 and no answer at all: the outcome the client cannot know. */
  unknown: number;
}

/** The value below which `share` (0-1) of the sorted values lie (nearest rank); 0 for none. */
export function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

/**
 * What the requests in flight at some moment between `from` and `to` got: those that started inside,
 * and those started before that ended inside or later (a request an instance held when it was cut off).
 * With `entirely`, only those that started and ended inside (the calm baseline, which must not count
 * its last requests that the first fault caught).
 */
export function impactOf(answers: Answer[], from: number, to: number, entirely = false): Impact {
  const inside = answers.filter((answer) => {
    const end = answer.at + (answer.ms ?? 0);
    return entirely ? answer.at >= from && end < to : answer.at < to && end >= from;
  });
  const latencies = inside.map((answer) => answer.ms ?? 0).sort((a, b) => a - b);
  return {
    requests: inside.length,
    accepted: inside.filter((answer) => answer.status >= 200 && answer.status < 300).length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    unavailable503: inside.filter((answer) => answer.status === 503).length,
    unknown: inside.filter((answer) => [0, 502, 504].includes(answer.status)).length,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The per-fault table of the report: a calm baseline first, then each fault's window. */
export function impactTable(
  answers: Answer[],
  baseline: { from: number; to: number },
  faults: FaultWindow[],
): string[] {
  const row = (name: string, impact: Impact, held: string, whole: string) =>
    `| ${name} | ${held} | ${whole} | ${impact.requests} | ${impact.accepted} | ${impact.p50} | ${impact.p99} ` +
    `| ${impact.unavailable503} | ${impact.unknown} |`;
  return [
    '| fault | held | whole again after heal | requests | 2xx | p50 ms | p99 ms | 503 | unknown |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('none (baseline)', impactOf(answers, baseline.from, baseline.to, true), '-', '-'),
    ...faults.map((fault) =>
      row(
        fault.name,
        impactOf(answers, fault.from, fault.to),
        seconds(fault.healedAt - fault.from),
        seconds(fault.to - fault.healedAt),
      ),
    ),
    ...faults.filter((fault) => fault.notes.length > 0).map((fault) => `${fault.name}: ${fault.notes.join('; ')}`),
  ];
}
