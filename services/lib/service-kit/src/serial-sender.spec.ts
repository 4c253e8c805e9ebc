import type { Kafka, ProducerBatch } from 'kafkajs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSerialSender } from './serial-sender.js';

/** A stand-in for kafkajs' producer factory: records every send and the producer it went through. */
function fakeKafka(refuse: (batch: ProducerBatch) => boolean = () => false) {
  const sends: Array<{ producer: number; values: string[] }> = [];
  let producers = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const kafka = {
    producer: () => {
      const producer = ++producers;
      return {
        connect: async () => {},
        disconnect: async () => {},
        sendBatch: async (batch: ProducerBatch) => {
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          const values = batch.topicMessages!.flatMap((records) => records.messages.map((m) => String(m.value)));
          sends.push({ producer, values });
          if (refuse(batch)) throw new Error('refused');
          return [];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, sends, mostInFlight: () => mostInFlight };
}

const records = (...values: string[]) => ({ topic: 't', messages: values.map((value) => ({ value })) });
const logger = pino({ level: 'silent' });

describe('the serial sender', () => {
  it('when callers send while a send is in flight, then theirs go together in the next one, in order', async () => {
    const fake = fakeKafka();
    const sender = createSerialSender(fake.kafka, logger);
    await Promise.all([sender.send(records('a')), sender.send(records('b')), sender.send(records('c', 'd'))]);
    expect(fake.sends.map((send) => send.values)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(fake.mostInFlight()).toBe(1);
    await sender.close();
  });

  it('when a send fails, then its caller gets the error and the next send goes through a new producer', async () => {
    const fake = fakeKafka((batch) => String(batch.topicMessages![0]!.messages[0]!.value) === 'bad');
    const sender = createSerialSender(fake.kafka, logger);
    await sender.send(records('first'));
    await expect(sender.send(records('bad'))).rejects.toThrow('refused');
    await sender.send(records('after'));
    expect(fake.sends.map((send) => [send.producer, send.values[0]])).toEqual([
      [1, 'first'],
      [1, 'bad'],
      [2, 'after'],
    ]);
    await sender.close();
  });

  it('when a shared send fails, then each caller is tried alone and only the one refused fails', async () => {
    const fake = fakeKafka((batch) =>
      batch.topicMessages!.some((topic) => topic.messages.some((m) => String(m.value) === 'bad')),
    );
    const sender = createSerialSender(fake.kafka, logger);
    const first = sender.send(records('a'));
    const outcomes = await Promise.allSettled([sender.send(records('b')), sender.send(records('bad'))]);
    await first;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(fake.sends.map((send) => send.values)).toEqual([['a'], ['b', 'bad'], ['b'], ['bad']]);
    await sender.close();
  });

  it('when there is nothing to send, then no producer is made', async () => {
    const fake = fakeKafka();
    const sender = createSerialSender(fake.kafka, logger);
    await sender.send(records());
    expect(fake.sends).toEqual([]);
    await sender.close();
  });
});
