import type { Knex } from 'knex';

/**
 * "The latest orders the sink wrote", newest first (the console, every refresh while a page is open):
 * an index walk from the end instead of a scan and a sort of the whole table.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('orders', (table) => table.index(['created_at'], 'orders_created_at'));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('orders', (table) => table.dropIndex(['created_at'], 'orders_created_at'));
}
