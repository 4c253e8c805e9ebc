import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemDetails } from '@order-platform/shared';
import { uniqueId, waitUntil } from '@order-platform/shared/testing';
import type { RunningOrderService } from '../src/server.js';
import { brokerAnswers, infraBrokerPid, thaw } from './support/broker.js';
import { closedPort, postOrder, readBothTopicsToTheEnd, startTestService, userIdOf } from './support/harness.js';

/**
 * A 503 means the order does not exist and never will: nothing of it may be readable
 * (read_committed) from either topic, even when the broker took part of it before failing.
 */
let healthy: RunningOrderService;
const failedUsers: string[] = [];

beforeAll(async () => {
  // Short Kafka timeouts so a stopped broker fails a POST in seconds; a short transaction timeout
  // bounds how long an unfenced transaction could hold back read_committed readers.
  healthy = await startTestService({ KAFKA_REQUEST_TIMEOUT_MS: '1500', KAFKA_RETRIES: '1', KAFKA_TRANSACTION_TIMEOUT_MS: '10000' });
});

afterAll(async () => {
  await healthy.shutdown();
});

describe('an order answered 503 reaches neither topic', () => {
  it('when Kafka is down from the start, then the POST answers 503 problem+json and ready names kafka', async () => {
    const service = await startTestService({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, KAFKA_RETRIES: '1' });
    try {
      const userId = uniqueId('kafka-down');
      failedUsers.push(userId);
      const placed = await postOrder(service, userId);
      expect(placed.status).toBe(503);
      expect(placed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(placed.body).toMatchObject({ status: 503, code: 'kafka-unavailable' });

      const ready = await fetch(`${service.url}/order-service/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as ProblemDetails).errors?.map((problem) => problem.name)).toEqual(['kafka']);
    } finally {
      await service.shutdown();
    }
  });

  it('when the broker stops answering after the instance connected, then the POST answers 503 and the instance recovers once the broker is back', async () => {
    const pid = infraBrokerPid();
    if (pid === undefined) {
      // Not the broker infra:up manages (no pid file naming it): we may not freeze it. What we can
      // still hold true: the broker answers, so the healthy instance places orders.
      expect(await brokerAnswers()).toBe(true);
      expect((await postOrder(healthy, uniqueId('no-freeze'))).status).toBeLessThan(300);
      return;
    }
    const userId = uniqueId('broker-frozen');
    failedUsers.push(userId);
    expect((await postOrder(healthy, uniqueId('before-freeze'))).status).toBeLessThan(300);
    process.kill(pid, 'SIGSTOP');
    try {
      const placed = await postOrder(healthy, userId);
      expect(placed.status).toBe(503);
      expect(placed.body.code).toBe('kafka-unavailable');
    } finally {
      await thaw(pid);
    }
    const after = await waitUntil('an order placed after the broker is back', async () => {
      const answer = await postOrder(healthy, uniqueId('after-freeze'));
      return answer.status < 300 ? answer : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    expect([201, 202]).toContain(after.status);
  });

  it('when both topics are read to their end, then no record of an order answered 503 is there', async () => {
    expect(failedUsers.length).toBeGreaterThan(0);
    const { orders, catalog } = await readBothTopicsToTheEnd(healthy);
    const leaked = [...orders, ...catalog].filter((message) => failedUsers.includes(userIdOf(message) ?? ''));
    expect(leaked).toEqual([]);
  }, 120_000);
});
