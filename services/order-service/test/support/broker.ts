import { createKafka, createLogger } from '@order-platform/service-kit';
import { waitUntil } from '@order-platform/test-kit';
import type { Kafka } from 'kafkajs';
import { infraConfig } from './harness.js';

/** True when a broker of `brokers` (the shared ones by default) answers a metadata request. */
export async function brokerAnswers(brokers: string[] = infraConfig.KAFKA_BROKERS): Promise<boolean> {
  const admin = kafkaOf(brokers).admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length > 0;
  } finally {
    await admin.disconnect();
  }
}

export function kafkaOf(brokers: string[]): Kafka {
  return createKafka({ clientId: 'order-service-test', brokers, logger: createLogger('test', 'silent') });
}

/**
 * SIGCONT, then wait until the broker serves requests again. Only ever for the broker of a
 * test's own private infrastructure (`startPrivateInfra`): never the one other tests share.
 */
export async function thaw(pid: number, brokers: string[]): Promise<void> {
  process.kill(pid, 'SIGCONT');
  await waitUntil('the broker to answer again', () => brokerAnswers(brokers), { timeoutMs: 60_000, intervalMs: 500 });
}
