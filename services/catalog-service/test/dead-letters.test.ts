import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import type { TopicReader } from '@order-platform/test-kit';

/**
 * What cannot be applied goes to the dead-letter topic, byte for byte, with its reason and origin,
 * and the consumer goes on with the next message (docs/design.md, §5.3 and I9).
 */
const fx = useCatalogFixture('catalog-dead-letters');
let deadLetters: TopicReader;
let originals: TopicReader;

beforeAll(async () => {
  await fx.startService();
  [deadLetters, originals] = await Promise.all([fx.readTopic(fx.dlqTopic), fx.readTopic(fx.topic)]);
});

// "{not", 0xff, 0x00, " json": not even UTF-8.
const POISON = Buffer.from([0x7b, 0x6e, 0x6f, 0x74, 0xff, 0x00, 0x20, 0x6a, 0x73, 0x6f, 0x6e]);

describe('catalog-service dead letters', () => {
  it('when messages cannot be applied, then each becomes a dead letter with reason and origin', async () => {
    const [product] = await fx.products([50]);
    const good = newOrder(product!, 4);
    const missingField = JSON.stringify({ ...newOrder(product!, 1), qty: undefined });
    const unknownProduct = JSON.stringify(newOrder(uniqueId('NO-SUCH-PRODUCT'), 1));
    const bad = [
      { reason: 'not-json', value: POISON },
      { reason: 'invalid-fields', value: Buffer.from(missingField) },
      { reason: 'unknown-product', value: Buffer.from(unknownProduct) },
    ];
    // One key, one partition: the good order waits behind the bad ones.
    await fx.producer.send({
      topic: fx.topic,
      acks: -1,
      messages: [
        ...bad.map(({ value }) => ({ key: product!, value, headers: { 'x-request-id': 'req-bad' } })),
        { key: product!, value: JSON.stringify(good) },
      ],
    });

    const letters = await waitUntil(
      'three dead letters',
      () => {
        const found = deadLetters.messages.filter((message) => message.key?.toString() === product);
        return found.length === 3 && found;
      },
      { timeoutMs: 30_000 },
    );
    await fx.caughtUp();
    expect(letters.map((letter) => letter.headers['x-dlq-reason'])).toEqual(bad.map(({ reason }) => reason));
    letters.forEach((letter, index) => {
      expect(letter.value?.equals(bad[index]!.value)).toBe(true);
      expect(letter.headers).toMatchObject({
        'x-dlq-original-topic': fx.topic,
        'x-request-id': 'req-bad',
        'x-dlq-consumer-group': fx.groupId,
      });
      expect(letter.headers['x-dlq-detail']).toBeTruthy();
      // The origin headers point at the very message that failed.
      const original = originals.messages.find(
        (message) =>
          String(message.partition) === letter.headers['x-dlq-original-partition'] &&
          message.offset === letter.headers['x-dlq-original-offset'],
      );
      expect(original?.value?.equals(bad[index]!.value)).toBe(true);
    });
    expect(letters[1]!.headers['x-dlq-detail']).toContain('qty');
    expect(letters[2]!.headers['x-dlq-detail']).toContain('NO-SUCH-PRODUCT');
    expect(await fx.stockOf(product!)).toBe(46);
  });

  it('when a message that is not an order has a binary key and value, then its dead letter keeps both', async () => {
    const key = Buffer.from([0x01, 0x02, 0xff]);
    const value = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);
    await fx.producer.send({ topic: fx.topic, acks: -1, messages: [{ key, value }] });
    const letter = await waitUntil(
      'the binary dead letter',
      () => deadLetters.messages.find((message) => message.key?.equals(key)),
      { timeoutMs: 30_000 },
    );
    expect(letter.value?.equals(value)).toBe(true);
    expect(letter.headers['x-dlq-reason']).toBe('not-json');
  });
});
