import { fetchJson } from './http-json.js';

/**
 * Zipkin's query API: the trace whose spans carry the tag `order.id` (order-service's `wait for order
 * visibility` span), within the last day.
 */
export function createZipkinSource(zipkinUrl: string, timeoutMs: number) {
  const base = zipkinUrl.replace(/\/+$/, '');
  return async (orderId: string): Promise<string | undefined> => {
    const query = new URLSearchParams({ annotationQuery: `order.id=${orderId}`, limit: '1', lookback: '86400000' });
    const traces = await fetchJson<Array<Array<{ traceId: string }>>>(
      `${base}/api/v2/traces?${query.toString()}`,
      timeoutMs,
    );
    return traces[0]?.[0]?.traceId;
  };
}
