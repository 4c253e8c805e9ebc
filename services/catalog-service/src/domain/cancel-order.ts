import type { CatalogCancelMessage, OrderStatusUpdate } from '@order-platform/order-contracts';

export type CancelRequest = Omit<CatalogCancelMessage, 'type'>;

/** What a cancel did, decided in one database transaction with the ledger row locked. */
export type CancelResult =
  /** The order had taken stock: it is given back, and the ledger says cancelled. */
  | { kind: 'cancelled' }
  /** Cancelled before (a second cancel, or a redelivery): nothing changes. */
  | { kind: 'already-cancelled' }
  /** The order took no stock: nothing to give back. */
  | { kind: 'was-rejected'; reason?: string }
  /** No such order of this user in the ledger (an unknown product's order leaves none): nothing changes. */
  | { kind: 'unknown-order' };

/** The port: applies a cancel exactly once (the ledger row moves from applied to cancelled once). */
export interface CancelLedger {
  cancel(request: CancelRequest): Promise<CancelResult>;
}

/** The status a cancel publishes: the same for a second cancel or a redelivery (docs/design.md §5.4). */
export function cancelStatus(request: CancelRequest, result: CancelResult, now: number): OrderStatusUpdate[] {
  const base = { orderId: request.orderId, updatedAt: now };
  switch (result.kind) {
    case 'cancelled':
    case 'already-cancelled':
      return [{ ...base, status: 'CANCELLED' }];
    case 'was-rejected':
      return [{ ...base, status: 'REJECTED', ...(result.reason !== undefined && { reason: result.reason }) }];
    case 'unknown-order':
      return [];
  }
}
