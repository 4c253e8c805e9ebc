import type { Findings } from './invariants.js';
import type { Answer, CancelAnswer } from './order-load.js';
import type { Settled } from './settle.js';

const MAX_LISTED = 20;

function listed(title: string, items: string[]): string[] {
  if (items.length === 0) return [];
  return [
    `${title} (${items.length}):`,
    ...items.slice(0, MAX_LISTED).map((item) => `  ${item}`),
    ...(items.length > MAX_LISTED ? [`  ... and ${items.length - MAX_LISTED} more`] : []),
  ];
}

/** The summary; its last line is the one CI and people read. */
export function report(input: {
  answers: Answer[];
  cancels?: CancelAnswer[];
  findings: Findings;
  settled: Settled;
  faults: number;
  durationS: number;
  rows: number;
  brokers: number;
  workers: number;
  /** The verdict line's first word: the drill that reports (default `chaos`). */
  drill?: string;
}): string[] {
  const { answers, findings, settled } = input;
  const byStatus = new Map<number, number>();
  for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
  const statuses = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? 'no answer' : status}: ${count}`)
    .join(', ');
  const unknownPersisted = findings.unknown.filter((entry) => entry.persisted).length;
  const verdict =
    settled.ok &&
    findings.accepted === findings.persistedOnce &&
    findings.lost.length +
      findings.duplicated.length +
      findings.refusedButPersisted.length +
      findings.unexplained.length +
      findings.problems.length ===
      0;
  return [
    `answers: ${answers.length} (${statuses})`,
    `rows in the orders table: ${input.rows}; catalog-service rejections (out of stock): ${findings.rejectedByCatalog}`,
    ...findings.stock.map((line) => `stock ${line}`),
    `final statuses: ${
      Object.entries(findings.statuses)
        .map(([status, count]) => `${status} ${count}`)
        .join(', ') || 'none read'
    }; cancels sent: ${input.cancels?.length ?? 0} (${countBy((input.cancels ?? []).map((cancel) => cancel.status))})`,
    ...listed(
      'unknown outcome (its answer was lost on the way: a killed or cut-off instance); each persisted at most once',
      findings.unknown.map(
        ({ answer, persisted }) =>
          `${answer.userId} ${answer.productId} x${answer.qty}: ` +
          `${answer.status === 0 ? 'no answer' : answer.status}, ${persisted ? 'persisted once' : 'not persisted'}`,
      ),
    ),
    ...listed('LOST: answered 2xx, not in the table', findings.lost),
    ...listed('DUPLICATED: one request, several rows', findings.duplicated),
    ...listed('REFUSED but persisted', findings.refusedButPersisted),
    ...listed('UNEXPLAINED rows', findings.unexplained),
    ...listed('PROBLEMS', findings.problems),
    ...(settled.ok ? [] : ['NOT SETTLED: the sink or a consumer did not end RUNNING with zero lag']),
    `drill took ${input.durationS.toFixed(0)} s`,
    '| requests | accepted | persisted once | lost | duplicated | unknown outcome | wall time |',
    `| ${[answers.length, findings.accepted, findings.persistedOnce, findings.lost.length].join(' | ')} ` +
      `| ${findings.duplicated.length} | ${findings.unknown.length} | ${input.durationS.toFixed(0)} s |`,
    `${input.drill ?? 'chaos'}: ${verdict ? 'OK' : 'FAILED'} accepted=${findings.accepted} ` +
      `persisted-exactly-once=${findings.persistedOnce} lost=${findings.lost.length} ` +
      `duplicated=${findings.duplicated.length} faults=${input.faults} brokers=${input.brokers} ` +
      `workers=${input.workers} (unknown-outcome=${findings.unknown.length}, ` +
      `of which persisted=${unknownPersisted}, listed above)`,
  ];
}

/** `200: 3, 404: 1`: how often each answer came. */
function countBy(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status === 0 ? 'no answer' : status}: ${count}`)
    .join(', ');
}
