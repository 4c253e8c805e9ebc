import type { Knex } from 'knex';

/**
 * `seq`: the order in which the sink wrote the rows, for paging (docs/design.md §3.2, §6). A page
 * cursor on created_at would skip an order the sink writes after a page that already passed its
 * created_at (an instance stamps created_at before the commit; the sink writes it later, or much
 * later when it lags); a row written later always gets a higher seq, so it lands on a later page.
 * The sink's upsert of an existing row keeps its seq. One sink task (tasks.max=1) writes the table,
 * so rows commit in seq order and a reader never sees seq n+1 before n.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`ALTER TABLE orders ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT,
    ADD UNIQUE KEY orders_seq (seq), ADD KEY orders_user_id_seq (user_id, seq)`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE orders DROP KEY orders_user_id_seq, DROP KEY orders_seq, DROP COLUMN seq');
}
