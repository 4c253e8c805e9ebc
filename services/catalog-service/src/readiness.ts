import type { Admin } from 'kafkajs';
import type { Logger } from '@order-platform/service-kit';
import type { CatalogRepository } from './data-access/catalog-repository.js';
import { fetchConsumerLag, type PartitionLag } from './data-access/consumer-lag.js';
import type { ConsumerStatus } from './entry-points/consumer-status.js';

export interface ReadinessReport {
  ready: boolean;
  database: 'up' | 'down';
  consumer: ConsumerStatus;
  /** Per partition of the topic, from the broker; null when Kafka did not answer in time. */
  lag: PartitionLag[] | null;
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ready means: the database answers and the consumer is a running member of its group. */
export function createReadinessCheck(deps: {
  catalog: CatalogRepository;
  consumerStatus: () => ConsumerStatus;
  admin: Admin;
  logger: Logger;
}) {
  const log = deps.logger.child({ module: 'readiness' });
  return async (): Promise<ReadinessReport> => {
    const consumer = deps.consumerStatus();
    const [database, lag] = await Promise.all([
      within(2000, deps.catalog.ping()).then(
        () => 'up' as const,
        (error: unknown) => (log.warn({ err: error }, 'database check failed'), 'down' as const),
      ),
      within(2000, fetchConsumerLag(deps.admin, consumer.groupId, consumer.topic)).catch((error: unknown) => {
        log.warn({ err: error }, 'could not fetch the consumer lag');
        return null;
      }),
    ]);
    return { ready: database === 'up' && consumer.state === 'running', database, consumer, lag };
  };
}
