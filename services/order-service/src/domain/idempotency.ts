import { createHash } from 'node:crypto';
import type { OrderRequest } from './order.js';

/**
 * The first request with an Idempotency-Key fixes the order that the key stands for: its id, its
 * instant and the fingerprint of its body (docs/design.md §3.2, "Idempotent POST").
 */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  fingerprint: string;
  orderId: string;
  createdAt: number;
}

/** The port to order-service's own table of keys, which every instance shares. */
export interface IdempotencyKeys {
  /** Stores the claim unless the user's key has one already; answers the stored claim (this one or the first). */
  claim(claim: IdempotencyClaim): Promise<IdempotencyClaim>;
}

/** The key was first used for another order body: 422, nothing placed. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super('the idempotency key was first used with another order body');
  }
}

/**
 * SHA-256 of the validated order, fields in a fixed order: a retry that spells the same order with
 * other whitespace or key order is the same request; any changed value is another one.
 */
export function requestFingerprint(request: OrderRequest): string {
  const canonical = JSON.stringify([request.productId, request.qty, request.unitPrice]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
