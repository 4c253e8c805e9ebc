import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { collectMessages, uniqueId, waitUntil } from '@order-platform/test-kit';
import { loadInfraConfig } from '../src/index.js';

/**
 * kafkajs' transactions were not seen tested against a Kafka 4.x broker (docs/design.md, §9): order-service
 * depends on them, so this proves commit and abort on the version infra/pom.xml pins.
 */
const config = loadInfraConfig();
const kafka = createKafka({
  clientId: 'transactions-test',
  brokers: config.KAFKA_BROKERS,
  logger: createLogger('test', 'silent'),
});
const topic = uniqueId('tx-test');

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2, replicationFactor: config.TOPIC_REPLICATION_FACTOR }],
  });
  await admin.disconnect();
});

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
});

describe('kafkajs transactions on this Kafka version', () => {
  it('when one transaction commits and another aborts, then read_committed sees only the committed ones', async () => {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: uniqueId('tx-producer'),
    });
    await producer.connect();
    try {
      const inTransaction = async (values: [string, string], end: 'commit' | 'abort') => {
        const transaction = await producer.transaction();
        const messages = [
          { key: 'a', value: values[0] },
          { key: 'b', value: values[1] },
        ];
        await transaction.send({ topic, acks: -1, messages });
        await (end === 'commit' ? transaction.commit() : transaction.abort());
      };
      await inTransaction(['committed-1', 'committed-2'], 'commit');
      await inTransaction(['aborted-1', 'aborted-2'], 'abort');
      // A last committed message on each partition: once a consumer has it, it has read past the
      // aborted ones, so their absence is not just "not yet".
      await inTransaction(['end-a', 'end-b'], 'commit');
    } finally {
      await producer.disconnect();
    }

    const committedReader = await collectMessages(kafka, topic);
    const uncommittedReader = await collectMessages(kafka, topic, { readUncommitted: true });
    try {
      await waitUntil(
        'both end markers (read_committed)',
        () => committedReader.messages.filter((m) => m.value?.startsWith('end-')).length === 2,
        { timeoutMs: 30_000 },
      );
      await waitUntil(
        'both end markers (read_uncommitted)',
        () => uncommittedReader.messages.filter((m) => m.value?.startsWith('end-')).length === 2,
        { timeoutMs: 30_000 },
      );
      expect(committedReader.messages.map((m) => m.value).sort()).toEqual([
        'committed-1',
        'committed-2',
        'end-a',
        'end-b',
      ]);
      // The aborted records are in the log: only the isolation level hides them.
      expect(uncommittedReader.messages.map((m) => m.value)).toEqual(
        expect.arrayContaining(['aborted-1', 'aborted-2']),
      );
    } finally {
      await committedReader.stop();
      await uncommittedReader.stop();
    }
  });
});
