import type { Knex } from 'knex';
import type { IdempotencyClaim, IdempotencyKeys } from '../domain/idempotency.js';
import { orderErrors } from '../errors.js';

/** A row of order-service's `idempotency_keys` (docs/design.md §6). */
interface KeyRow {
  user_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  order_id: string;
  order_created_at_ms: number | string;
}

/**
 * The keys in order-service's own database, shared by every instance: the primary key
 * (user_id, idempotency_key) lets exactly one first request win, whichever instance it reached.
 */
export class IdempotencyKeyStore implements IdempotencyKeys {
  constructor(
    private readonly db: Knex,
    private readonly queryTimeoutMs: number,
  ) {}

  async claim(claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    try {
      // INSERT IGNORE: a key someone claimed first stays theirs; then read whichever claim won.
      await this.db<KeyRow>('idempotency_keys')
        .insert({
          user_id: claim.userId,
          idempotency_key: claim.key,
          request_fingerprint: claim.fingerprint,
          order_id: claim.orderId,
          order_created_at_ms: claim.createdAt,
        })
        .onConflict()
        .ignore()
        .timeout(this.queryTimeoutMs, { cancel: true });
      const row = await this.db<KeyRow>('idempotency_keys')
        .first('request_fingerprint', 'order_id', 'order_created_at_ms')
        .where({ user_id: claim.userId, idempotency_key: claim.key })
        .timeout(this.queryTimeoutMs, { cancel: true });
      if (!row) throw new Error('the claimed idempotency key is not in the table');
      return {
        ...claim,
        fingerprint: row.request_fingerprint,
        orderId: row.order_id,
        createdAt: Number(row.order_created_at_ms),
      };
    } catch (error) {
      throw orderErrors.create(
        'database-unavailable',
        'The idempotency key cannot be checked right now; the order was not placed. Retry later.',
        [],
        error,
      );
    }
  }
}
