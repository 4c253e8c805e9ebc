import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateInfra, type PrivateInfra } from '@order-platform/infra';
import { uniqueId } from '@order-platform/test-kit';
import { thaw } from './support/broker.js';
import { closedPort, TEST_PRODUCT, waitUntilAccepting } from './support/harness.js';
import { killSpawned, spawnOrderService } from './support/service-process.js';

/**
 * SIGTERM during a Kafka outage, with an order in doubt whose client already hung up: no
 * connection is open, yet the drain can never end while Kafka is away. The process must still
 * exit within ORDER_SHUTDOWN_TIMEOUT_MS (plus its own closing), log the order with every field and say
 * so in its exit code. The real binary runs in a child process; the in-process `beforeCommit` seam
 * is out of reach there, so its env twin (TEST_SEAM_HOLD_COMMIT_*) holds the commit while the test
 * freezes this file's own private broker: the commit is then sent to a broker that never answers.
 */
const ORDER_SHUTDOWN_TIMEOUT_MS = 4000;
const EXIT_IN_DOUBT = 3;
let infra: PrivateInfra;
let brokerPid: number;
let frozen = false;

beforeAll(async () => {
  infra = await startPrivateInfra(uniqueId('tsdd').replace(/[^a-z0-9]/g, ''));
  brokerPid = infra.brokerPid()!;
});

afterAll(async () => {
  killSpawned();
  if (frozen) await thaw(brokerPid, infra.config.KAFKA_BROKERS);
  await infra?.stop();
});

describe('shutdown with an order in doubt while Kafka is down', () => {
  // "In full": every field of the order, logged within the deadline.
  it("when SIGTERM comes after an in-doubt order's client left, then it logs the order in full, exits 3", async () => {
    const userId = uniqueId('in-doubt-shutdown');
    const service = await spawnOrderService({
      ...infra.env,
      REGISTRY_URL: `http://127.0.0.1:${await closedPort()}`,
      KAFKA_REQUEST_TIMEOUT_MS: '1500',
      KAFKA_RETRIES: '1',
      ORDER_SHUTDOWN_TIMEOUT_MS: String(ORDER_SHUTDOWN_TIMEOUT_MS),
      TEST_SEAM_HOLD_COMMIT_USER: userId,
      TEST_SEAM_HOLD_COMMIT_MS: '2000',
    });
    await waitUntilAccepting(service);

    const client = new AbortController();
    const posting = fetch(`${service.url}/order-service/${userId}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: TEST_PRODUCT, qty: 3, unitPrice: 700 }),
      signal: client.signal,
    }).then(
      (response) => response.status,
      () => 'hung up',
    );
    await service.waitForLog('test seam: holding the commit', 20_000);
    process.kill(brokerPid, 'SIGSTOP');
    frozen = true;
    await service.waitForLog('commit answer lost: the batch is in doubt and will be published again', 30_000);
    // The client (or the gateway's timeout) gives up: the instance has no open connection left.
    client.abort();
    expect(await posting).toBe('hung up');

    const signalled = Date.now();
    service.kill('SIGTERM');
    const exit = await service.exited;
    const tookMs = Date.now() - signalled;
    console.info(`SIGTERM to exit: ${tookMs} ms (ORDER_SHUTDOWN_TIMEOUT_MS ${ORDER_SHUTDOWN_TIMEOUT_MS})`);
    expect(exit).toEqual({ code: EXIT_IN_DOUBT, signal: null });
    expect(tookMs).toBeLessThan(ORDER_SHUTDOWN_TIMEOUT_MS + 5000);
    const logged = service.lines.filter((line) => line.msg.startsWith('stopping with this order in doubt'));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.level).toBe('error');
    expect(logged[0]!.order).toEqual({
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userId,
      productId: TEST_PRODUCT,
      qty: 3,
      unitPrice: 700,
      totalPrice: 2100,
      createdAt: expect.any(Number),
    });
    expect(service.lines.find((line) => line.msg === 'order-service stopped')).toMatchObject({
      clean: false,
      inDoubt: 1,
    });
  }, 150_000);
});
