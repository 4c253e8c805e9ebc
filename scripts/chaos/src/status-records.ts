import type { InfraConfig } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';

/** Where an order's status records are in the order-status topic: `CONFIRMED at 1@204`. */
export type StatusTrail = Map<string, string[]>;

const PENDING_PROBLEM = /^order (\S+) is PENDING, /;

/** The orders of the findings' problems that stayed PENDING although the ledger decided them. */
export function pendingOrderIds(problems: string[]): string[] {
  return problems.flatMap((problem) => PENDING_PROBLEM.exec(problem)?.[1] ?? []);
}

/**
 * Reads the whole order-status topic (read_committed, like the status sink) and answers, per order, the
 * status records it holds. When an order stays PENDING this tells the two causes apart: no record at
 * all (catalog-service's send was lost) or a record the status sink did not write.
 */
export async function findStatusRecords(
  infra: InfraConfig,
  orderIds: string[],
  timeoutMs = 30_000,
): Promise<StatusTrail> {
  const trail: StatusTrail = new Map(orderIds.map((id) => [id, []]));
  const kafka = createKafka({ clientId: 'chaos-status-trail', brokers: infra.KAFKA_BROKERS, logger: silent });
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId: `chaos-status-trail-${Date.now()}` });
  await Promise.all([admin.connect(), consumer.connect()]);
  try {
    const ends = await admin.fetchTopicOffsets(infra.ORDER_STATUS_TOPIC);
    const left = new Map(ends.filter((end) => Number(end.high) > 0).map((end) => [end.partition, Number(end.high)]));
    await consumer.subscribe({ topic: infra.ORDER_STATUS_TOPIC, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      if (left.size === 0) resolve();
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const value = message.value?.toString() ?? '';
          const id = message.key?.toString() ?? '';
          const status = /"status":"(\w+)"/.exec(value)?.[1] ?? '?';
          trail.get(id)?.push(`${status} at ${partition}@${message.offset}`);
          // The end is the last stable offset: the record before it may be a marker, so `>= end - 1`.
          if (Number(message.offset) >= (left.get(partition) ?? 0) - 1) left.delete(partition);
          if (left.size === 0) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  } finally {
    await Promise.allSettled([consumer.disconnect(), admin.disconnect()]);
  }
  return trail;
}

const silent = createLogger('chaos', 'silent');

/** What the trail of one PENDING order says. */
export function whereStatusWent(records: string[], topic: string): string {
  return records.length > 0
    ? `${topic} holds ${records.join(', ')}: the status sink did not write it`
    : `on no partition of ${topic}: catalog-service's status send was lost`;
}
