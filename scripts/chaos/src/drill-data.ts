import type { connectDatabase, InfraConfig } from '@order-platform/infra';
import { checkInvariants, type Findings, type LedgerRow, type OrderRow, type StatusRow } from './invariants.js';
import { OrderLoad, type Answer } from './order-load.js';
import { findStatusRecords, pendingOrderIds, whereStatusWent } from './status-records.js';

type Db = ReturnType<typeof connectDatabase>;

/** The product most orders are for: a stock no drill can exhaust. */
export const BIG = 'CHAOS-BIG';
/** A small stock runs out during a drill, so catalog-service's rejections are part of the sums. */
export const SMALL = 'CATALOG-0003';

/** Sets the drill's two stocks (catalog-service has created its table and seed rows); answers them. */
export async function seedDrillStock(db: Db, infra: InfraConfig): Promise<Map<string, number>> {
  const [big, small] = [10_000_000, 60];
  const initial = new Map([
    [BIG, big],
    [SMALL, small],
  ]);
  await db.raw(
    'INSERT INTO ??.catalog (product_id, product_name, stock, unit_price) VALUES (?, ?, ?, ?) ' +
      'ON DUPLICATE KEY UPDATE stock = VALUES(stock)',
    [infra.CATALOG_DB, BIG, 'Chaos drill stock', big, 1000],
  );
  await db.raw('UPDATE ??.catalog SET stock = ? WHERE product_id = ?', [infra.CATALOG_DB, small, SMALL]);
  return initial;
}

/** Mostly the big stock, 5 % the small one. */
export const pickDrillProduct = (): string => (Math.random() < 0.05 ? SMALL : BIG);

/** The drills' steady POST load through the gateway, on the drill products. */
export function drillLoad(gatewayUrl: string, clients: number): OrderLoad {
  return new OrderLoad({
    gatewayUrl,
    clients,
    runId: Date.now().toString(36),
    pickProduct: pickDrillProduct,
    // Some accepted orders are cancelled right after: their stock must come back exactly once.
    cancelShare: 0.1,
  });
}

/** Reads the orders, ledger, statuses and stocks the drill left and checks them against the answers. */
export async function readOutcome(
  db: Db,
  infra: InfraConfig,
  answers: Answer[],
  initial: Map<string, number>,
): Promise<{ findings: Findings; rows: number }> {
  const [orderRows] = (await db.raw('SELECT order_id, user_id, product_id, qty FROM ??.orders', [infra.ORDERS_DB])) as [
    OrderRow[],
  ];
  const [ledger] = (await db.raw('SELECT order_id, product_id, qty, outcome FROM ??.processed_orders', [
    infra.CATALOG_DB,
  ])) as [LedgerRow[]];
  const [statusRows] = (await db.raw('SELECT order_id, status FROM ??.order_status', [infra.ORDERS_DB])) as [
    StatusRow[],
  ];
  const [stockRows] = (await db.raw('SELECT product_id, stock FROM ??.catalog WHERE product_id IN (?, ?)', [
    infra.CATALOG_DB,
    BIG,
    SMALL,
  ])) as [Array<{ product_id: string; stock: number }>];
  const stock = stockRows.map((row) => ({
    productId: row.product_id,
    initial: initial.get(row.product_id) ?? 0,
    final: row.stock,
  }));
  const findings = checkInvariants(answers, orderRows, ledger, stock, statusRows);
  await explainPending(findings, infra);
  return { findings, rows: orderRows.length };
}

/** A PENDING problem says where its status went: never sent, or sent and not written by the sink. */
async function explainPending(findings: Findings, infra: InfraConfig): Promise<void> {
  const pending = pendingOrderIds(findings.problems);
  if (pending.length === 0) return;
  const trail = await findStatusRecords(infra, pending).catch((error: unknown) => {
    findings.problems.push(`(the order-status topic could not be read: ${(error as Error).message})`);
    return undefined;
  });
  if (!trail) return;
  findings.problems = findings.problems.map((problem) => {
    const id = pendingOrderIds([problem])[0];
    return id === undefined ? problem : `${problem}; ${whereStatusWent(trail.get(id) ?? [], infra.ORDER_STATUS_TOPIC)}`;
  });
}
