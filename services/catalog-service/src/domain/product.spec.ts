import { describe, expect, it } from 'vitest';
import { productView } from './product.js';

const berlin = {
  productId: 'CATALOG-0001',
  productName: 'Berlin',
  unitPrice: 1500,
  stock: 100,
  createdAt: new Date(0),
};

describe('productView', () => {
  it('when given a product, then it has the seed fields in the seed order', () => {
    const view = productView(berlin);
    expect(view).toEqual({ ...berlin, createdAt: '1970-01-01T00:00:00.000+00:00' });
    expect(Object.keys(view)).toEqual(['productId', 'productName', 'unitPrice', 'stock', 'createdAt']);
  });
});
