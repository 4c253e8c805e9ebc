import { Partitioners, type Kafka, type Message, type Producer, type ProducerConfig } from 'kafkajs';
import type { Logger } from './logger.js';

export interface TopicRecords {
  topic: string;
  messages: Message[];
}

/** Sends records with acks=all, one send at a time; see createSerialSender. */
export interface SerialSender {
  /** Resolves once every in-sync replica has the records; rejects when they may not have them. */
  send(records: TopicRecords): Promise<void>;
  close(): Promise<void>;
}

interface Waiting {
  records: TopicRecords;
  settle: (error?: Error) => void;
  /** Sent on its own: it was in a shared send that failed (one bad record must not fail the others). */
  alone?: boolean;
}

/**
 * An idempotent producer that never loses an acknowledged record to kafkajs' sequence numbers.
 *
 * kafkajs 2.2.4 numbers a batch before it sends it and takes the numbers back when the request fails,
 * then retries later. A request that failed after the broker wrote it (REQUEST_TIMED_OUT while the
 * followers catch up, a connection lost before the answer) leaves that batch in the log: a *second*
 * send that gets in before the retry reuses its numbers, and the broker acknowledges it as a duplicate
 * and drops it. So: one send at a time (what callers hand in meanwhile goes in the next send together,
 * so throughput does not suffer), and after a failed send a new producer (a new producer id, fresh
 * numbers) for the next one. The order publisher's transactions do the same (transactional-order-publisher.ts).
 * A shared send that fails is tried again one caller at a time, so a record the broker refuses (too
 * large, say) fails only its own caller.
 */
export function createSerialSender(kafka: Kafka, logger: Logger, config: ProducerConfig = {}): SerialSender {
  let producer: Producer | undefined;
  let connected: Promise<Producer> | undefined;
  const queue: Waiting[] = [];
  let sending: Promise<void> | undefined;

  const current = () =>
    (connected ??= (async () => {
      // Java's partitioner (murmur2 of the key): a key lands where the order publisher and Java clients put it.
      producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config, idempotent: true });
      await producer.connect();
      return producer;
    })());
  const discard = async () => {
    const old = producer;
    producer = undefined;
    connected = undefined;
    await old?.disconnect().catch((error: unknown) => logger.warn({ err: error }, 'producer did not disconnect'));
  };

  const nextBatch = (): Waiting[] => {
    if (queue[0]!.alone) return queue.splice(0, 1);
    const firstAlone = queue.findIndex((waiting) => waiting.alone);
    return queue.splice(0, firstAlone === -1 ? queue.length : firstAlone);
  };

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = nextBatch();
      try {
        await (await current()).sendBatch({ acks: -1, topicMessages: batch.map((waiting) => waiting.records) });
        for (const waiting of batch) waiting.settle();
      } catch (error) {
        await discard();
        if (batch.length > 1) queue.unshift(...batch.map((waiting) => ({ ...waiting, alone: true })));
        else batch[0]!.settle(error instanceof Error ? error : new Error(String(error)));
      }
    }
    sending = undefined;
  }

  return {
    send(records) {
      if (records.messages.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, settle: (error) => (error === undefined ? resolve() : reject(error)) });
        sending ??= drain();
      });
    },
    async close() {
      await sending;
      await discard();
    },
  };
}
