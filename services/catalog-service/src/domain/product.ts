import { formatCreatedAt } from '@order-platform/order-contracts';

/** A catalog entry as the HTTP API answers it (the seed's shape). */
export interface Product {
  productId: string;
  productName: string;
  unitPrice: number;
  stock: number;
  createdAt: Date;
}

export function productView(product: Product) {
  return {
    productId: product.productId,
    productName: product.productName,
    unitPrice: product.unitPrice,
    stock: product.stock,
    createdAt: formatCreatedAt(product.createdAt),
  };
}
