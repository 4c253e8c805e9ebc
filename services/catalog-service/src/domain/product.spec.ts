import { describe, expect, it } from 'vitest';
import { productView } from './product.js';

describe('productView', () => {
  it('when given a product, then it has the seed fields in the seed order', () => {
    const view = productView({
      productId: 'CATALOG-0001',
      productName: 'Berlin',
      unitPrice: 1500,
      stock: 100,
      createdAt: new Date(0),
    });
    expect(Object.keys(view)).toEqual(['productId', 'productName', 'unitPrice', 'stock', 'createdAt']);
    expect(view.createdAt).toBe('1970-01-01T00:00:00.000+00:00');
  });
});
