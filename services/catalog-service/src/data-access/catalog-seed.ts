import type { Knex } from 'knex';

/** The seed's catalog (docs/design.md, §3.3). */
export const SEED_CATALOG = [
  { product_id: 'CATALOG-0001', product_name: 'Berlin', stock: 100, unit_price: 1500 },
  { product_id: 'CATALOG-0002', product_name: 'Tokyo', stock: 100, unit_price: 900 },
  { product_id: 'CATALOG-0003', product_name: 'Stockholm', stock: 100, unit_price: 1200 },
] as const;

/**
 * Inserts the seed products that are missing; an existing product keeps its stock (orders have
 * lowered it), so running this at every start-up is safe.
 */
export async function seedCatalog(db: Knex): Promise<number> {
  const now = new Date();
  const insert = db('catalog')
    .insert(SEED_CATALOG.map((row) => ({ ...row, created_at: now })))
    .onConflict('product_id')
    .ignore()
    .toSQL()
    .toNative();
  // Raw, for the server's affectedRows (knex's insert answers the last insert id on MySQL).
  const [header] = (await db.raw(insert.sql, insert.bindings as Knex.RawBinding[])) as [{ affectedRows: number }];
  return header.affectedRows;
}
