import type { CatalogFuzzRecord } from './consumer-fuzz-records.js';
import type { LedgerRow } from './catalog-test-fixture.js';
import type { RawMessage } from '@order-platform/test-kit';

/**
 * Partition order is processing order: the stock each valid order meets, hence applied or rejected.
 * Returns each valid order's outcome and the stock it leaves per product.
 */
export function expectedOutcomes(records: CatalogFuzzRecord[], stocks: number[]) {
  const stock = [...stocks];
  const outcomes = new Map<string, 'applied' | 'rejected'>();
  for (const record of records) {
    if (record.predicted.kind !== 'order') continue;
    const { product, qty, orderId } = record.predicted;
    const applied = qty <= stock[product]!;
    if (applied) stock[product]! -= qty;
    outcomes.set(orderId, applied ? 'applied' : 'rejected');
  }
  return { outcomes, stock };
}

const sameBytes = (a: Buffer | null, b: Buffer | null) =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a === null || b === null || a.equals(b));

/** Where the records went and what the consumer made of them, to compare with their predictions. */
export interface FuzzRun {
  records: CatalogFuzzRecord[];
  topic: string;
  groupId: string;
  products: string[];
  stocks: number[];
  key(index: number): string;
  partitionOf(record: CatalogFuzzRecord, index: number): number;
  deadLetters: RawMessage[];
  rows: Map<string, LedgerRow>;
}

/** One line per record whose fate differs from its prediction; none when all went as predicted. */
export function mismatches(run: FuzzRun): string[] {
  const { outcomes } = expectedOutcomes(run.records, run.stocks);
  const found: string[] = [];
  run.records.forEach((record, index) => {
    const letters = run.deadLetters.filter((message) => message.key?.toString() === run.key(index));
    const shown = record.value === null ? 'null' : JSON.stringify(record.value.toString('utf8').slice(0, 300));
    const predicted = record.predicted;
    if (predicted.kind === 'dead-letter') {
      const [letter] = letters;
      if (letters.length !== 1)
        return void found.push(`#${index} (${predicted.why}) ${letters.length} dead letters, expected 1: ${shown}`);
      const h = letter!.headers;
      const problems = [
        !predicted.reasons.includes(h['x-dlq-reason'] ?? '') &&
          `reason ${h['x-dlq-reason']} (${h['x-dlq-detail']}), expected ${predicted.reasons.join('|')}`,
        !sameBytes(letter!.value, record.value) && 'value differs',
        h['x-dlq-original-topic'] !== run.topic && 'original topic',
        h['x-dlq-original-partition'] !== String(run.partitionOf(record, index)) && 'original partition',
        !/^\d+$/.test(h['x-dlq-original-offset'] ?? '') && 'original offset',
        h['x-dlq-consumer-group'] !== run.groupId && 'consumer group',
        record.headers['x-request-id'] !== undefined &&
          h['x-request-id'] !== String(record.headers['x-request-id']) &&
          'x-request-id not kept',
      ].filter(Boolean);
      if (problems.length) found.push(`#${index} (${predicted.why}) dead letter: ${problems.join(', ')}: ${shown}`);
      return;
    }
    const row = run.rows.get(predicted.orderId);
    const expected = outcomes.get(predicted.orderId);
    if (letters.length) {
      const { 'x-dlq-reason': reason, 'x-dlq-detail': detail } = letters[0]!.headers;
      found.push(`#${index} valid order dead-lettered (${reason}: ${detail}): ${shown}`);
    } else if (!row || row.outcome !== expected)
      found.push(`#${index} outcome ${row?.outcome}, expected ${expected}: ${shown}`);
    else if (row.qty !== predicted.qty || row.product_id !== run.products[predicted.product])
      found.push(`#${index} recorded as ${JSON.stringify(row)}`);
  });
  return found;
}
