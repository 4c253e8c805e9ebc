import knex, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '@order-platform/test-kit';
import { createDatabase } from '../src/data-access/database.js';
import { migrateCatalogDb } from '../src/data-access/migrate.js';
import { config, silentLogger } from './support/test-kit.js';

/** On a database of its own, so that a fresh, empty catalogdb can be tried without touching the real one. */
const database = uniqueId('catalog_test').replace('-', '_');
let server: Knex;
const handles: Knex[] = [];

function connect(): Knex {
  const handle = createDatabase({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database,
    poolMax: 3,
    lockWaitTimeoutS: 10,
  });
  handles.push(handle);
  return handle;
}

beforeAll(async () => {
  server = knex({
    client: 'mysql2',
    connection: { host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD },
  });
  await server.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [database]);
});

afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.destroy()));
  await server.raw('DROP DATABASE IF EXISTS ??', [database]);
  await server.destroy();
});

describe('catalogdb migrations', () => {
  it('when three instances start together on an empty database, then each succeeds, migrations run once and the seed is inserted once', async () => {
    const results = await Promise.all(
      [connect(), connect(), connect()].map((db) => migrateCatalogDb(db, silentLogger)),
    );
    expect(results.flatMap((result) => result.applied)).toEqual(['001-create-catalog']);
    expect(results.reduce((sum, result) => sum + result.seeded, 0)).toBe(3);

    const db = connect();
    expect(await db('knex_migrations').pluck('name')).toEqual(['001-create-catalog']);
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
