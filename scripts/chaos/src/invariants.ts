import type { Answer } from './order-load.js';
import { verdictOf } from './order-load.js';

export interface OrderRow {
  order_id: string;
  user_id: string;
  product_id: string;
  qty: number;
}

export interface LedgerRow {
  order_id: string;
  product_id: string;
  qty: number;
  outcome: 'applied' | 'rejected' | 'cancelled';
}

/** A row of mydb.order_status (docs/design.md §5.4). */
export interface StatusRow {
  order_id: string;
  status: string;
}

/** The status each ledger outcome must have ended in. */
const FINAL_STATUS = { applied: 'CONFIRMED', rejected: 'REJECTED', cancelled: 'CANCELLED' } as const;

export interface StockFigures {
  productId: string;
  initial: number;
  final: number;
}

export interface Findings {
  accepted: number;
  persistedOnce: number;
  lost: string[];
  duplicated: string[];
  refusedButPersisted: string[];
  unexplained: string[];
  unknown: Array<{ answer: Answer; persisted: boolean }>;
  stock: string[];
  rejectedByCatalog: number;
  /** Orders by final status (CONFIRMED, REJECTED, CANCELLED), and those without one. */
  statuses: Record<string, number>;
  problems: string[];
}

/**
 * The drill's verdict, from the clients' answers, the orders table and catalog-service's ledger
 * and stock. Every user id names exactly one request, so a row maps back to the answer it got.
 */
export function checkInvariants(
  answers: Answer[],
  rows: OrderRow[],
  ledger: LedgerRow[],
  stock: StockFigures[],
  /** mydb.order_status; undefined skips the status checks. */
  statusRows?: StatusRow[],
): Findings {
  const rowsByUser = new Map<string, OrderRow[]>();
  for (const row of rows) rowsByUser.set(row.user_id, [...(rowsByUser.get(row.user_id) ?? []), row]);
  const answered = new Set(answers.map((answer) => answer.userId));
  const findings: Findings = {
    accepted: 0,
    persistedOnce: 0,
    lost: [],
    duplicated: [],
    refusedButPersisted: [],
    unexplained: [],
    unknown: [],
    stock: [],
    rejectedByCatalog: 0,
    statuses: {},
    problems: [],
  };

  for (const answer of answers) {
    const found = rowsByUser.get(answer.userId) ?? [];
    if (found.length > 1) findings.duplicated.push(`${answer.userId}: ${found.map((row) => row.order_id).join(', ')}`);
    const verdict = verdictOf(answer);
    if (verdict === 'accepted') {
      findings.accepted++;
      const exact = found.filter(
        (row) => row.order_id === answer.orderId && row.product_id === answer.productId && row.qty === answer.qty,
      );
      if (exact.length === 1 && found.length === 1) findings.persistedOnce++;
      else if (found.length === 0)
        findings.lost.push(`${answer.userId} (orderId ${answer.orderId}, answered ${answer.status})`);
      else if (exact.length === 0)
        findings.problems.push(
          `${answer.userId}: row differs from the answer ${JSON.stringify(answer)}: ${JSON.stringify(found)}`,
        );
    } else if (verdict === 'refused') {
      if (found.length > 0)
        findings.refusedButPersisted.push(
          `${answer.userId} (answered ${answer.status}) is in the table as ${found[0]!.order_id}`,
        );
    } else {
      findings.unknown.push({ answer, persisted: found.length > 0 });
    }
  }
  for (const row of rows)
    if (!answered.has(row.user_id)) findings.unexplained.push(`${row.order_id} (user ${row.user_id})`);

  // catalog-service took every persisted order into account exactly once (its ledger's primary key), and nothing else.
  const ledgerIds = new Map(ledger.map((entry) => [entry.order_id, entry]));
  const rowIds = new Set(rows.map((row) => row.order_id));
  for (const row of rows) {
    const entry = ledgerIds.get(row.order_id);
    if (!entry) findings.problems.push(`order ${row.order_id} is persisted but catalog-service never processed it`);
    else if (entry.qty !== row.qty || entry.product_id !== row.product_id)
      findings.problems.push(
        `order ${row.order_id}: catalog-service saw ${entry.product_id} x${entry.qty}, ` +
          `the table has ${row.product_id} x${row.qty}`,
      );
  }
  for (const entry of ledger)
    if (!rowIds.has(entry.order_id))
      findings.problems.push(`catalog-service processed ${entry.order_id}, which is not in the orders table`);
  findings.rejectedByCatalog = ledger.filter((entry) => entry.outcome === 'rejected').length;
  if (statusRows) checkStatuses(findings, rows, ledgerIds, statusRows);
  for (const { productId, initial, final } of stock) {
    const qtyOf = (outcome: LedgerRow['outcome']) =>
      ledger
        .filter((entry) => entry.product_id === productId && entry.outcome === outcome)
        .reduce((sum, entry) => sum + entry.qty, 0);
    // A cancelled order was confirmed first, then its stock came back.
    const [applied, cancelled] = [qtyOf('applied'), qtyOf('cancelled')];
    const confirmed = applied + cancelled;
    const expected = initial - confirmed + cancelled;
    const line =
      `${productId}: ${initial} - ${confirmed} confirmed + ${cancelled} cancelled = ${expected}, ` +
      `catalog says ${final}`;
    findings.stock.push(line);
    if (expected !== final) findings.problems.push(`stock mismatch, ${line}`);
  }
  return findings;
}

export function holds(findings: Findings): boolean {
  return (
    findings.accepted === findings.persistedOnce &&
    findings.lost.length === 0 &&
    findings.duplicated.length === 0 &&
    findings.refusedButPersisted.length === 0 &&
    findings.unexplained.length === 0 &&
    findings.problems.length === 0
  );
}

/**
 * Every persisted order ends CONFIRMED, REJECTED or CANCELLED in mydb.order_status, as the ledger
 * decided it (docs/design.md §5.4): no order stays PENDING once everything settled.
 */
function checkStatuses(
  findings: Findings,
  rows: OrderRow[],
  ledgerIds: Map<string, LedgerRow>,
  statusRows: StatusRow[],
): void {
  const statusOf = new Map(statusRows.map((row) => [row.order_id, row.status]));
  for (const row of rows) {
    const status = statusOf.get(row.order_id) ?? 'PENDING';
    findings.statuses[status] = (findings.statuses[status] ?? 0) + 1;
    const entry = ledgerIds.get(row.order_id);
    if (entry && FINAL_STATUS[entry.outcome] !== status)
      findings.problems.push(`order ${row.order_id} is ${status}, its ledger outcome is ${entry.outcome}`);
  }
}
