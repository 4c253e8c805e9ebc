import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateInfra, type PrivateInfra } from '@order-platform/infra';
import { collectMessages, uniqueId, waitUntil } from '@order-platform/test-kit';
import { kafkaOf } from './support/broker.js';
import { closedPort, getOrders, postOrder, userIdOf, waitUntilAccepting } from './support/harness.js';
import { killSpawned, spawnOrderService } from './support/service-process.js';

/**
 * An instance SIGKILLed with a transaction open leaves that transaction to the coordinator, and
 * every read_committed reader of its partitions (the sink, catalog-service) waits for it. Started
 * again in the same slot (same ORDER_INSTANCE_ID, so the same transactional id) on another port, the
 * new instance's InitProducerId aborts it at once: later orders reach the readers in seconds, not
 * after KAFKA_TRANSACTION_TIMEOUT_MS, left at its 60 s default so the test cannot pass by timeout.
 * The open transaction is made with the env test seam that holds a commit (TEST_SEAM_HOLD_COMMIT_*).
 */
const BOUND_MS = 20_000;
let infra: PrivateInfra;

beforeAll(async () => {
  infra = await startPrivateInfra(uniqueId('tfnc').replace(/[^a-z0-9]/g, ''));
});

afterAll(async () => {
  killSpawned();
  await infra?.stop();
});

describe('a slot restarted on another port', () => {
  // Fenced at once: later orders are read within seconds, not after the transaction timeout.
  it('when a slot killed mid-transaction restarts on another port, then its open transaction is fenced', async () => {
    const heldUser = uniqueId('held');
    const laterUser = uniqueId('later');
    const env = {
      ...infra.env,
      ORDER_INSTANCE_ID: uniqueId('order-slot'),
      REGISTRY_URL: `http://127.0.0.1:${await closedPort()}`,
      KAFKA_TRANSACTION_TIMEOUT_MS: '60000',
      TEST_SEAM_HOLD_COMMIT_USER: heldUser,
      TEST_SEAM_HOLD_COMMIT_MS: '600000',
    };
    const kafka = kafkaOf(infra.config.KAFKA_BROKERS);
    const committed = await collectMessages(kafka, infra.config.ORDERS_TOPIC);
    const uncommitted = await collectMessages(kafka, infra.config.ORDERS_TOPIC, { readUncommitted: true });
    try {
      const first = await spawnOrderService(env);
      await waitUntilAccepting(first);
      void postOrder(first, heldUser).catch(() => undefined);
      await first.waitForLog('test seam: holding the commit', 20_000);
      // The records are in the log, their transaction open: read_uncommitted sees them.
      await waitUntil(
        'the held record, uncommitted',
        () => uncommitted.messages.some((message) => userIdOf(message) === heldUser),
        { timeoutMs: 10_000 },
      );
      first.kill('SIGKILL');
      const killedAt = Date.now();
      await first.exited;

      const second = await spawnOrderService({ ...env, ORDER_PORT: String(await closedPort()) });
      expect(second.url).not.toBe(first.url);
      const answers = await Promise.all(Array.from({ length: 10 }, () => postOrder(second, laterUser)));
      const later = (messages: typeof committed.messages) =>
        messages.filter((message) => userIdOf(message) === laterUser).length;
      await waitUntil('the later orders, read_committed', () => later(committed.messages) === 10, {
        timeoutMs: BOUND_MS,
      });
      const readMs = Date.now() - killedAt;
      await waitUntil('the later orders in the table', async () => (await getOrders(second, laterUser)).length === 10, {
        timeoutMs: BOUND_MS,
      });
      const sunkMs = Date.now() - killedAt;
      console.info(
        `after the kill: read_committed reads later orders at ${readMs} ms, the sink has them at ${sunkMs} ms;` +
          ` answers ${answers.map((answer) => answer.status).join(',')}`,
      );

      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
      expect(readMs).toBeLessThan(BOUND_MS);
      // Fenced means aborted: the held order never becomes readable.
      expect(committed.messages.filter((message) => userIdOf(message) === heldUser)).toEqual([]);
      second.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    } finally {
      await committed.stop();
      await uncommitted.stop();
    }
  }, 180_000);
});
