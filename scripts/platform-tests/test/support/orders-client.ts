import { expect } from 'vitest';
import { uniqueId } from '@order-platform/test-kit';

export interface OrderBody {
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
  orderId: string;
  createdAt?: string;
  status?: string;
  reason?: string;
}

export type PostAnswer = Awaited<ReturnType<OrdersClient['post']>>;

/** A user of the platform: the seed's order requests through the gateway. */
export class OrdersClient {
  constructor(private readonly gatewayUrl: string) {}

  async post(userId: string, body: object, requestId = uniqueId('req')) {
    const response = await fetch(`${this.gatewayUrl}/order-service/${userId}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: (await response.json()) as OrderBody,
      requestId,
    };
  }

  async list(userId: string): Promise<OrderBody[]> {
    const response = await fetch(`${this.gatewayUrl}/order-service/${userId}/orders`);
    expect(response.status).toBe(200);
    return (await response.json()) as OrderBody[];
  }

  async healthCheck(): Promise<string> {
    return (await fetch(`${this.gatewayUrl}/order-service/health_check`)).text();
  }
}

/** The instance that logged the request id (each process's lines carry its name as prefix). */
export function servedBy(lines: string[], requestId: string): string | undefined {
  const line = lines.find(
    (candidate) => candidate.includes(`"requestId":"${requestId}"`) && candidate.startsWith('order-'),
  );
  return line?.split('|')[0]?.trim();
}
