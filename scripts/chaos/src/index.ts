// What other drills reuse of this one (pnpm drill:hosts): the load, the checks, the settling and the report.
export { OrderLoad, verdictOf, type Answer, type CancelAnswer, type LoadOptions, type Verdict } from './order-load.js';
export {
  checkInvariants,
  holds,
  type Findings,
  type LedgerRow,
  type OrderRow,
  type StatusRow,
  type StockFigures,
} from './invariants.js';
export { waitSettled, type Settled } from './settle.js';
export { report } from './report.js';
export { claimDrillLock } from './drill-lock.js';
export { BIG, SMALL, drillLoad, pickDrillProduct, readOutcome, seedDrillStock } from './drill-data.js';
