import type { Knex } from 'knex';

/**
 * The seed's catalog table, plus the ledger of orders already taken into account. The ledger's
 * primary key on order_id is what makes a redelivered order change nothing: the consumer inserts
 * the order_id in the same transaction that lowers the stock, so both happen or neither does.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('catalog', (table) => {
    table.string('product_id', 64).primary();
    table.string('product_name', 255).notNullable();
    table.integer('stock').notNullable();
    table.integer('unit_price').notNullable();
    table.specificType('created_at', 'DATETIME(3)').notNullable().defaultTo(db.raw('CURRENT_TIMESTAMP(3)'));
    // The consumer's conditional UPDATE already never goes below zero; this guards every other writer.
    table.check('?? >= 0', ['stock'], 'catalog_stock_not_negative');
  });

  await db.schema.createTable('processed_orders', (table) => {
    table.string('order_id', 64).primary();
    table.string('product_id', 64).notNullable();
    table.string('user_id', 64).notNullable();
    table.integer('qty').notNullable();
    table.enum('outcome', ['applied', 'rejected']).notNullable();
    table.string('reason', 255).nullable();
    table.string('request_id', 128).nullable();
    // Where the order was read, so an operator can find the message behind a row.
    table.string('source_topic', 249).notNullable();
    table.integer('source_partition').notNullable();
    table.bigInteger('source_offset').notNullable();
    table.specificType('processed_at', 'DATETIME(3)').notNullable().defaultTo(db.raw('CURRENT_TIMESTAMP(3)'));
    table.index(['product_id', 'processed_at'], 'processed_orders_product_id');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('processed_orders');
  await db.schema.dropTable('catalog');
}
