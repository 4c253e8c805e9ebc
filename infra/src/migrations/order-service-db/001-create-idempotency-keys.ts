import type { Knex } from 'knex';

/**
 * order-service's own table (docs/design.md §6): one row per (user, Idempotency-Key), inserted by the
 * first request with the key. The primary key makes "first" one decision shared by every instance;
 * the row fixes the order's id and instant, so any instance can publish that same order again, and
 * the fingerprint of the request body tells a retry (same body) from a reuse of the key (422).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('idempotency_keys', (table) => {
    table.string('user_id', 64).notNullable();
    table.string('idempotency_key', 255).notNullable();
    table.specificType('request_fingerprint', 'CHAR(64)').notNullable();
    table.string('order_id', 64).notNullable().unique('idempotency_keys_order_id');
    table.bigInteger('order_created_at_ms').notNullable();
    table.specificType('first_seen_at', 'DATETIME(3)').notNullable().defaultTo(db.raw('CURRENT_TIMESTAMP(3)'));
    table.primary(['user_id', 'idempotency_key']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('idempotency_keys');
}
