import type { Knex } from 'knex';

/**
 * The orders table of the seed, written only by the JDBC sink connector (upsert on order_id, so a
 * redelivered record never adds a row). Columns other than the key are nullable because the seed's
 * schema declares every field optional: a record that leaves one out must still be written, not
 * fail the sink task. created_at has millisecond precision and defaults to the insert time for
 * producers that do not send it (the seed's format has no such field).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('orders', (table) => {
    table.string('order_id', 64).primary();
    table.string('user_id', 64);
    table.string('product_id', 64);
    table.integer('qty');
    table.integer('unit_price');
    table.integer('total_price');
    table.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(db.raw('CURRENT_TIMESTAMP(3)'));
    // "Orders of one user, oldest first": an index range scan in created_at order, no filesort.
    table.index(['user_id', 'created_at', 'order_id'], 'orders_user_id_created_at');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('orders');
}
