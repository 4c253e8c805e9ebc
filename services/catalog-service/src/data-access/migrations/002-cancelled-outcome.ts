import type { Knex } from 'knex';

/** A cancelled order (issue 16): its ledger row moves from applied to cancelled when its stock is given back. */
export async function up(db: Knex): Promise<void> {
  await db.raw("ALTER TABLE processed_orders MODIFY outcome ENUM('applied', 'rejected', 'cancelled') NOT NULL");
}

export async function down(db: Knex): Promise<void> {
  await db.raw("ALTER TABLE processed_orders MODIFY outcome ENUM('applied', 'rejected') NOT NULL");
}
