import { Partitioners } from 'kafkajs';
import { uniqueId } from '@order-platform/test-kit';
import type { StockOrder } from '../../src/domain/stock-order.js';

/** An order of `qty` for the product, with unique order and user ids. */
export function newOrder(productId: string, qty: number, overrides: Partial<StockOrder> = {}): StockOrder {
  return {
    orderId: uniqueId('order'),
    userId: uniqueId('user'),
    productId,
    qty,
    unitPrice: 100,
    totalPrice: qty * 100,
    ...overrides,
  };
}

/** Random quantities 1..9 spread round-robin over the products, and the stock drop they make per product. */
export function ordersOver(productIds: string[], count: number): { orders: StockOrder[]; drop: Map<string, number> } {
  const drop = new Map(productIds.map((id) => [id, 0]));
  const orders = Array.from({ length: count }, (_, index) => {
    const productId = productIds[index % productIds.length]!;
    const qty = 1 + Math.floor(Math.random() * 9);
    drop.set(productId, drop.get(productId)! + qty);
    return newOrder(productId, qty);
  });
  return { orders, drop };
}

/**
 * Product ids whose orders land on every partition of a 3-partition topic (perPartition each),
 * found with the producer's own partitioner: tests about instances sharing partitions need work
 * on all of them.
 */
export function productIdsCoveringPartitions(perPartition: number, partitions = 3): string[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));
  const byPartition: string[][] = Array.from({ length: partitions }, () => []);
  while (byPartition.some((ids) => ids.length < perPartition)) {
    const id = uniqueId('P');
    const partition = partitioner({ topic: 'any', partitionMetadata, message: { key: id, value: null } });
    if (byPartition[partition]!.length < perPartition) byPartition[partition]!.push(id);
  }
  return byPartition.flat();
}
