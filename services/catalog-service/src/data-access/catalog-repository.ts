import type { Knex } from 'knex';
import type { Product } from '../domain/product.js';
import { queryLimit } from './database.js';

interface CatalogRow {
  product_id: string;
  product_name: string;
  stock: number;
  unit_price: number;
  created_at: Date;
}

function toProduct(row: CatalogRow): Product {
  return {
    productId: row.product_id,
    productName: row.product_name,
    unitPrice: row.unit_price,
    stock: row.stock,
    createdAt: row.created_at,
  };
}

export interface CatalogRepository {
  list(): Promise<Product[]>;
  find(productId: string): Promise<Product | undefined>;
  /** Readiness: answers when the database does. */
  ping(): Promise<void>;
}

export function createCatalogRepository(db: Knex, statementTimeoutMs?: number): CatalogRepository {
  const limit = queryLimit(statementTimeoutMs);
  return {
    async list() {
      const rows = await limit(db('catalog').select<CatalogRow[]>('*').orderBy('product_id'));
      return rows.map(toProduct);
    },
    async find(productId) {
      const row = (await limit(db('catalog').select('*').where('product_id', productId).first())) as
        CatalogRow | undefined;
      return row ? toProduct(row) : undefined;
    },
    async ping() {
      await limit(db.raw('SELECT 1'));
    },
  };
}
