import type { Logger } from '@order-platform/service-kit';
import type { Order } from '@order-platform/order-contracts';
import type { PublisherOptions } from './data-access/transactional-order-publisher.js';

/**
 * TEST SEAM, off unless TEST_SEAM_HOLD_COMMIT_USER is set: the in-process `beforeCommit` seam for
 * tests that run the real binary (main.ts) in a child process. A transaction holding an order of
 * that user waits TEST_SEAM_HOLD_COMMIT_MS after its records were produced and before its commit,
 * so a test can leave a transaction open when it SIGKILLs the process, or stop Kafka between the
 * produce and the commit (a lost commit answer). It logs a line when it starts holding. Read from
 * the environment directly, not from the config schema: it is a test hook, not configuration.
 */
export function testSeamsFromEnv(
  logger: Logger,
  env: Record<string, string | undefined> = process.env,
): Pick<PublisherOptions, 'beforeCommit'> {
  const user = env.TEST_SEAM_HOLD_COMMIT_USER;
  if (!user) return {};
  const holdMs = Number(env.TEST_SEAM_HOLD_COMMIT_MS ?? 0) || 0;
  const log = logger.child({ module: 'test-seam' });
  log.warn({ user, holdMs }, 'TEST SEAM active: transactions with orders of this user hold their commit');
  return {
    beforeCommit: async (orders: Order[]) => {
      const held = orders.filter((order) => order.userId === user);
      if (held.length === 0) return;
      log.warn({ orderIds: held.map((order) => order.orderId) }, 'test seam: holding the commit');
      await new Promise((resolve) => setTimeout(resolve, holdMs));
    },
  };
}
