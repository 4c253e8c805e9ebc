import { describe, expect, it } from 'vitest';
import { migrateCatalogDb } from '../src/data-access/migrate.js';
import { silentLogger, useCatalogFixture } from './support/catalog-test-fixture.js';

/** On a database of its own, so that a fresh, empty catalogdb can be tried without touching the real one. */
const fx = useCatalogFixture('catalog-migrations', { topic: 'run', database: 'own', migrate: false });
const connect = () => fx.connect();

describe('catalogdb migrations', () => {
  it('when three instances start at once on an empty database, then all succeed, migrating it once', async () => {
    const results = await Promise.all(
      [connect(), connect(), connect()].map((db) => migrateCatalogDb(db, silentLogger)),
    );
    expect(results.flatMap((result) => result.applied)).toEqual(['001-create-catalog', '002-cancelled-outcome']);
    expect(results.reduce((sum, result) => sum + result.seeded, 0)).toBe(3);

    const db = connect();
    expect(await db('knex_migrations').pluck('name')).toEqual(['001-create-catalog', '002-cancelled-outcome']);
    expect(await db('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
    const catalog = await db('catalog')
      .select('product_id', 'product_name', 'stock', 'unit_price')
      .orderBy('product_id');
    expect(catalog).toEqual([
      { product_id: 'CATALOG-0001', product_name: 'Berlin', stock: 100, unit_price: 1500 },
      { product_id: 'CATALOG-0002', product_name: 'Tokyo', stock: 100, unit_price: 900 },
      { product_id: 'CATALOG-0003', product_name: 'Stockholm', stock: 100, unit_price: 1200 },
    ]);
  });

  it('when the service starts again after orders lowered a stock, then the seed does not reset it', async () => {
    const db = connect();
    await db('catalog').where('product_id', 'CATALOG-0003').update({ stock: 77 });
    const [createdAt] = await db('catalog').where('product_id', 'CATALOG-0003').pluck('created_at');
    expect(await migrateCatalogDb(db, silentLogger)).toEqual({ applied: [], seeded: 0 });
    expect(await db('catalog').where('product_id', 'CATALOG-0003').first()).toMatchObject({
      stock: 77,
      created_at: createdAt,
    });
  });

  it('when a writer tries to push a stock below zero, then the database refuses', async () => {
    const db = connect();
    await expect(db('catalog').where('product_id', 'CATALOG-0001').update({ stock: -1 })).rejects.toMatchObject({
      errno: 4025,
    });
  });
});
