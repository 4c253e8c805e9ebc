import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrometheusText, fetchMetrics, sumOf, uniqueId } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { closedPort, postOrder, startTestService } from './support/harness.js';

const ROUTE = '/order-service/:userId/orders';
const FAMILIES = [
  'order_service_kafka_transactions_total',
  'order_service_kafka_transaction_orders',
  'order_service_kafka_commit_duration_seconds',
  'order_service_orders_in_doubt',
  'order_service_orders_total',
  'order_service_visibility_wait_seconds',
  'process_resident_memory_bytes',
];
const started: RunningOrderService[] = [];
let service: RunningOrderService;

/** An instance of this file's own, stopped after its tests. */
async function startOwn(overrides: Record<string, string> = {}): Promise<RunningOrderService> {
  const own = await startTestService(overrides);
  started.push(own);
  return own;
}

/** How far each named series moved between two reads of /metrics. */
const delta =
  (before: string, after: string) =>
  (name: string, labels: Record<string, string> = {}) =>
    sumOf(after, name, labels) - sumOf(before, name, labels);

beforeAll(async () => {
  service = await startOwn();
});

afterAll(async () => {
  await Promise.all(started.map((own) => own.stop()));
});

describe('order-service metrics', () => {
  it('when /metrics is read, then promtool parses it clean and it has the order and process metrics', async () => {
    const text = await fetchMetrics(service.url);
    expect(await checkPrometheusText(text, FAMILIES)).toEqual([]);
    expect(sumOf(text, 'order_service_orders_in_doubt')).toBe(0);
    // What the gateway forwards is /order-service/**: the metrics are not there.
    expect((await fetch(`${service.url}/order-service/metrics`)).status).toBe(404);
  });

  it('when N orders are posted at once, then the order, transaction and wait metrics moved by exactly N', async () => {
    const n = 7;
    const userId = uniqueId('metrics-user');
    const before = await fetchMetrics(service.url);
    const answers = await Promise.all(Array.from({ length: n }, () => postOrder(service, userId)));
    const after = await fetchMetrics(service.url);
    const moved = delta(before, after);

    const created = answers.filter((answer) => answer.status === 201).length;
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(n - created);
    expect(moved('order_service_orders_total', { result: 'created' })).toBe(created);
    expect(moved('order_service_orders_total')).toBe(n);
    expect(moved('order_service_kafka_transaction_orders_sum')).toBe(n);
    const committed = moved('order_service_kafka_transactions_total', { outcome: 'committed' });
    expect(committed).toBeGreaterThanOrEqual(1);
    expect(moved('order_service_kafka_transaction_orders_count')).toBe(committed);
    expect(moved('order_service_kafka_commit_duration_seconds_count')).toBe(committed);
    expect(moved('order_service_visibility_wait_seconds_count')).toBe(n);
    expect(moved('http_server_requests_total', { method: 'POST', route: ROUTE, status: '201' })).toBe(created);
    expect(after).not.toContain(userId);
  });

  it('when a request is refused, then it counts under its route pattern and status, not as an order', async () => {
    const before = await fetchMetrics(service.url);
    expect((await postOrder(service, uniqueId('metrics-bad'), { qty: 1 })).status).toBe(400);
    expect((await postOrder(service, 'not!valid', undefined)).status).toBe(400);
    expect((await fetch(`${service.url}/order-service/nowhere`)).status).toBe(404);
    const moved = delta(before, await fetchMetrics(service.url));

    expect(moved('http_server_requests_total', { method: 'POST', route: ROUTE, status: '400' })).toBe(2);
    expect(moved('http_server_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(moved('order_service_orders_total')).toBe(0);
  });

  it('when the sink has not written an order within the wait, then it counts accepted, visible="false"', async () => {
    const impatient = await startOwn({ VISIBILITY_WAIT_MS: '0' });
    expect((await postOrder(impatient, uniqueId('metrics-202'))).status).toBe(202);
    const text = await fetchMetrics(impatient.url);
    expect(sumOf(text, 'order_service_orders_total', { result: 'accepted' })).toBe(1);
    expect(sumOf(text, 'order_service_visibility_wait_seconds_count', { visible: 'false' })).toBe(1);
  });

  it('when Kafka is down, then the 503 counts unavailable and its transaction not committed', async () => {
    const cutOff = await startOwn({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, KAFKA_RETRIES: '1' });
    expect((await postOrder(cutOff, uniqueId('metrics-503'))).status).toBe(503);
    const text = await fetchMetrics(cutOff.url);
    expect(sumOf(text, 'order_service_orders_total', { result: 'unavailable' })).toBe(1);
    expect(sumOf(text, 'order_service_orders_total', { result: 'created' })).toBe(0);
    expect(sumOf(text, 'order_service_kafka_transactions_total', { outcome: 'not-committed' })).toBe(1);
    expect(sumOf(text, 'order_service_kafka_transactions_total', { outcome: 'committed' })).toBe(0);
  });
});
