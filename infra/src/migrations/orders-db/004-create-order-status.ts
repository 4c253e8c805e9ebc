import type { Knex } from 'knex';

/**
 * What became of each order, as catalog-service published it on the order-status topic, written
 * only by the second sink connector (upsert on order_id; docs/design.md §5.4, §6). An order without
 * a row here is PENDING. Kept beside `orders` so one query (a LEFT JOIN) answers an order and its status.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('order_status', (table) => {
    table.string('order_id', 64).primary();
    table.string('status', 16).notNullable();
    table.string('reason', 255);
    table.specificType('updated_at', 'DATETIME(3)');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('order_status');
}
