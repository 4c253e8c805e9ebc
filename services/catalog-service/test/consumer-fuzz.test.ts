import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import { expectedOutcomes, mismatches } from './support/consumer-fuzz-check.js';
import { catalogFuzzRecord, type CatalogFuzzRecord } from './support/consumer-fuzz-records.js';
import { readinessOf } from './support/readiness.js';
import type { ServiceProcess } from './support/service-process.js';

/**
 * Hostile records on catalog-service's order topic, read by a real catalog-service process on a
 * topic, dead-letter topic and group of this file: arbitrary bytes, any JSON, and order objects
 * whose fields are missing, null, of the wrong type, blank, too long, fractional or out of range,
 * with odd headers. Each record's fate is predicted (support/consumer-fuzz-records.ts): a dead
 * letter with its reason and origin, or a valid order applied or rejected exactly as the stock
 * allows. The process must keep running and stay ready. FUZZ_SEED / FUZZ_COUNT replay or widen a run.
 */
const seed = Number(process.env.FUZZ_SEED || 20_260_707);
const COUNT = Number(process.env.FUZZ_COUNT || 300);
const run = uniqueId('cf').replace('-', '');
const STOCKS = [1_000_000, 1_000_000, 1_000_000, 1_000_000, 40, 40];
const fx = useCatalogFixture('catalog-fuzz');
let service: ServiceProcess;
let products: string[] = [];
let marker: string;

beforeAll(async () => {
  products = await fx.products(STOCKS);
  [marker] = (await fx.products([1000])) as [string];
  service = await fx.startProcess({ RETRY_MAX_BACKOFF_MS: '300' });
}, 60_000);

describe('catalog-service consumer under hostile records', () => {
  it(
    `when ${COUNT} generated records of every shape are produced, then each bad one is a dead letter with ` +
      'its reason and origin, each valid order is applied or rejected as the stock allows, ' +
      'and the consumer stays running',
    { timeout: 120_000 },
    async () => {
      const records = fc
        .sample(catalogFuzzRecord(run, products), { seed, numRuns: COUNT })
        .map((at, index) => at(index));
      const dead = records.filter((record) => record.predicted.kind === 'dead-letter');
      console.info(
        `[catalog-fuzz] seed ${seed} (FUZZ_SEED to replay), run ${run}: ${records.length} records, ` +
          `${dead.length} predicted dead letters, ${records.length - dead.length} valid orders`,
      );

      const partitions = (await fx.endOffsets()).length;
      const partitionOf = (record: CatalogFuzzRecord, index: number) =>
        (record.predicted.kind === 'order' ? record.predicted.product : index) % partitions;
      const key = (index: number) => `${run}-k${index}`;
      const deadLetters = await fx.readTopic();
      const deadLetteredBefore = (await readinessOf(service.port)).consumer.counts.deadLettered;
      const started = Date.now();
      const messages = records.map(({ value, headers }, index) => {
        return { key: key(index), value, headers, partition: partitionOf(records[index]!, index) };
      });
      await fx.producer.send({ topic: fx.topic, acks: -1, messages });
      // A good order behind everything on each partition.
      await fx.producer.send({
        topic: fx.topic,
        acks: -1,
        messages: Array.from({ length: partitions }, (_, partition) => ({
          key: `${run}-marker`,
          value: JSON.stringify(newOrder(marker, 1)),
          partition,
        })),
      });
      await fx.caughtUp(90_000);
      await waitUntil('every dead letter read back', () => deadLetters.messages.length >= dead.length, {
        timeoutMs: 30_000,
      }).catch(() => undefined); // compared below
      console.info(`[catalog-fuzz] consumer caught up ${Date.now() - started} ms after the first send`);

      const rows = new Map((await fx.processedRows([...products, marker])).map((row) => [row.order_id, row]));
      const { topic, groupId } = fx;
      const { outcomes, stock } = expectedOutcomes(records, STOCKS);
      const fuzzRun = { records, topic, groupId, products, stocks: STOCKS, key, partitionOf, rows };
      expect(mismatches({ ...fuzzRun, deadLetters: deadLetters.messages })).toEqual([]);
      expect(rows.size).toBe(outcomes.size + partitions);
      expect(await Promise.all(products.map((product) => fx.stockOf(product)))).toEqual(stock);
      expect(await fx.stockOf(marker)).toBe(1000 - partitions);
      expect(deadLetters.messages).toHaveLength(dead.length);

      expect(service.isRunning()).toBe(true);
      const report = await readinessOf(service.port);
      expect(report).toMatchObject({ status: 'ready', consumer: { state: 'running' } });
      expect(report.consumer.counts.deadLettered - deadLetteredBefore).toBe(dead.length);
    },
  );
});
