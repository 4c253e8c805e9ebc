import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildKafkaOrderDto } from '@order-platform/order-contracts';
import { checkPrometheusText, parseSamples, uniqueId, waitUntil } from '@order-platform/test-kit';
import { ConnectClient } from '../src/connect-client.js';
import { waitForConnectorState } from '../src/connect-waits.js';
import { exporterUrl } from '../src/index.js';
import { useSinkTestFixture } from './support/sink-test-fixture.js';

// A pipeline of its own: its lag checks need a sink that no other file's records (an aborted
// transaction's, say, which Connect never commits past) can leave behind.
const fixture = useSinkTestFixture('sink-exporter-test', { ownPipeline: `x${Date.now().toString(36)}` });
const { config } = fixture;
const connector = config.ORDERS_SINK_CONNECTOR;
const connect = new ConnectClient(config.CONNECT_URL);

async function scrape(): Promise<string> {
  const response = await fetch(`${exporterUrl(config)}/metrics`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

const samples = (text: string, name: string) =>
  parseSamples(text).filter((sample) => sample.name === name && sample.labels.connector === connector);
/** This run's sink lag per partition, once the exporter lists every partition; undefined before. */
const lagsOf = (text: string) => {
  const lags = samples(text, 'kafka_connect_sink_lag_records').map((sample) => sample.value);
  return lags.length === config.TOPIC_PARTITIONS ? lags : undefined;
};

/** Waits until the exporter reports lags per partition that satisfy `wanted`, and returns that scrape. */
const lagsReach = (what: string, wanted: (lags: number[]) => boolean) =>
  waitUntil(
    what,
    async () => {
      const text = await scrape();
      const lags = lagsOf(text);
      return lags && wanted(lags) ? text : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );

describe(`the sink metrics exporter at ${exporterUrl(config)}`, () => {
  it('when it is scraped, then the text parses with Prometheus own parser (promtool), lint-clean', async () => {
    expect(await checkPrometheusText(await scrape())).toEqual([]);
  });

  it(`when this run's sink runs, then it lists ${connector} and its task RUNNING, Connect and Kafka up`, async () => {
    const text = await scrape();
    const running = (name: string) =>
      samples(text, name)
        .filter((sample) => sample.value === 1)
        .map((sample) => sample.labels.state);
    expect(running('kafka_connect_connector_state')).toEqual(['RUNNING']);
    expect(running('kafka_connect_task_state')).toEqual(['RUNNING']);
    expect(samples(text, 'kafka_connect_connector_state')).toHaveLength(6);
    expect(parseSamples(text).filter((sample) => /^kafka_(connect|broker)_up$/.test(sample.name))).toEqual([
      { name: 'kafka_connect_up', labels: {}, value: 1 },
      { name: 'kafka_broker_up', labels: {}, value: 1 },
    ]);
    const partitions = samples(text, 'kafka_connect_sink_lag_records').map((sample) => sample.labels);
    expect(partitions).toEqual(
      Array.from({ length: config.TOPIC_PARTITIONS }, (_, partition) => ({
        connector,
        topic: config.ORDERS_TOPIC,
        partition: String(partition),
      })),
    );
  });

  // Connect commits "last record + 1", never past a transaction's commit marker: a partition whose last
  // write was another test's transaction rests at lag 1. Records written here without a transaction
  // end every partition with a data record, so the lag must then fall to exactly 0.
  it('when records arrive while the sink is paused, then its lag counts them, 0 once they are written', async () => {
    await lagsReach('the sink to have caught up (lag ≤ 1 per partition)', (lags) => lags.every((lag) => lag <= 1));
    await connect.pause(connector);
    await waitForConnectorState(connect, connector, 'PAUSED', { timeoutMs: 30_000 });

    const userId = uniqueId('exporter-lag');
    const perPartition = 4;
    const orders = Array.from({ length: perPartition * config.TOPIC_PARTITIONS }, (_, index) => ({
      orderId: randomUUID(),
      userId,
      productId: `CATALOG-${index}`,
      qty: 1,
      unitPrice: 100,
      totalPrice: 100,
      createdAt: Date.now(),
    }));
    await fixture.producer.send({
      topic: config.ORDERS_TOPIC,
      messages: orders.map((order, index) => ({
        key: order.orderId,
        partition: index % config.TOPIC_PARTITIONS,
        value: JSON.stringify(buildKafkaOrderDto(order)),
      })),
    });
    const paused = await lagsReach(`a lag of ${perPartition} (+ at most 1 marker) per partition while paused`, (lags) =>
      lags.every((lag) => lag >= perPartition && lag <= perPartition + 1),
    );
    expect(samples(paused, 'kafka_connect_connector_state').find((s) => s.value === 1)?.labels.state).toBe('PAUSED');

    await connect.resume(connector);
    await lagsReach('the lag to fall to 0 on every partition after the resume', (lags) => lags.every((l) => l === 0));
    const rows = await fixture.db('orders').where({ user_id: userId }).count({ count: '*' });
    expect(Number(rows[0]!.count)).toBe(orders.length);
  });
});
