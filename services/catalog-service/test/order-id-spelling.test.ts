import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '@order-platform/test-kit';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import { readinessOf } from './support/readiness.js';

/**
 * catalogdb compares ids with utf8mb4_bin, which pads with spaces, and stores an unpaired surrogate
 * as U+FFFD: 'a' and 'a ', or 'a\ud800' and 'a\udbff', are one id there. Two such orders must never
 * be taken for one (found by consumer-fuzz.test.ts). FUZZ_SEED replays a run.
 */
const seed = Number(process.env.FUZZ_SEED || 20_260_707);
const run = uniqueId('cf').replace('-', '');
const fx = useCatalogFixture('catalog-id-spelling');

describe('order ids the database would take for one', () => {
  it('when order ids differ only by trailing spaces or lone surrogates, then none is taken for the other', async () => {
    const service = await fx.startProcess({ RETRY_MAX_BACKOFF_MS: '300' });
    const [product] = await fx.products([1_000_000]);
    const variants = fc.sample(
      fc.tuple(
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        fc.oneof(
          fc.integer({ min: 1, max: 5 }).map((n) => ' '.repeat(n)),
          fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'),
        ),
      ),
      { seed, numRuns: 20 },
    );
    const pairs = variants.map(([base, tail], index) => {
      const id = `${run}-pair${index}-${base}`;
      return tail.startsWith(' ') ? [id, id + tail] : [id + '\ud801', id + tail];
    });
    const before = (await readinessOf(service.port)).consumer.counts.deadLettered;
    const messages = pairs
      .flat()
      .map((orderId) => ({ key: product!, value: JSON.stringify(newOrder(product!, 1, { orderId })) }));
    await fx.producer.send({ topic: fx.topic, acks: -1, messages });
    await fx.caughtUp(60_000);
    const applied = (await fx.processedRows([product!])).length;
    const deadLettered = (await readinessOf(service.port)).consumer.counts.deadLettered - before;
    expect({ applied, deadLettered, total: applied + deadLettered }).toMatchObject({ total: pairs.length * 2 });
    expect(await fx.stockOf(product!)).toBe(1_000_000 - applied);
  });
});
