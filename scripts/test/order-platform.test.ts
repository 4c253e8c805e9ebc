import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, loadInfraConfig } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { Launcher, findFreePort, type LaunchedProcess } from '../src/index.js';
import { entries, repoRoot } from '../src/platform.js';

/**
 * The whole platform through the gateway, as a user meets it: the real gateway, two real
 * order-service instances and catalog-service as separate processes, on the real Kafka, Connect
 * sink and database. Ports, the catalog topic, its consumer group and the catalog database are
 * this file's own, so the seed's catalog starts at its seed stock and no other test is touched.
 */
const infra = loadInfraConfig();
const kafka = createKafka({
  clientId: 'platform-test',
  brokers: infra.KAFKA_BROKERS,
  logger: createLogger('platform-test', 'warn'),
});
const connect = new ConnectClient(infra.CONNECT_URL);
const catalogTopic = uniqueId('platform-catalog');
const catalogDlq = `${catalogTopic}.dlq`;
const catalogDb = uniqueId('catalogdb_platform').replace(/-/g, '_');

const lines: string[] = [];
const launcher = new Launcher({ write: (line) => lines.push(line), color: false, graceMs: 20_000 });
const orders = new Map<number, LaunchedProcess>();
let ports: { gateway: number; registry: number; catalog: number; order: [number, number] };
let gatewayUrl: string;

const serviceEnv = () => ({
  HOST: '127.0.0.1',
  REGISTRY_URL: `http://127.0.0.1:${ports.registry}`,
  INSTANCE_ID: undefined,
  CATALOG_TOPIC: catalogTopic,
  CATALOG_DLQ_TOPIC: catalogDlq,
  CATALOG_GROUP_ID: uniqueId('platform-catalog-group'),
  CATALOG_DB: catalogDb,
});

async function waitRegistered(service: string, port: number, timeoutMs: number): Promise<void> {
  await waitUntil(
    `${service} on ${port} to be registered`,
    async () => {
      const listing = (await (await fetch(`http://127.0.0.1:${ports.registry}/registry`)).json()) as {
        services: Record<string, Array<{ url: string; status: string }>>;
      };
      return (listing.services[service] ?? []).some(
        (instance) => instance.url === `http://127.0.0.1:${port}` && instance.status === 'up',
      );
    },
    { timeoutMs, intervalMs: 100 },
  );
}

function startOrder(port: number): LaunchedProcess {
  const child = launcher.start({
    name: `order-${port}`,
    entry: entries.order,
    cwd: repoRoot,
    env: { ...serviceEnv(), PORT: String(port) },
  });
  orders.set(port, child);
  return child;
}

interface OrderBody {
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
  orderId: string;
  createdAt?: string;
}

async function post(userId: string, body: object, requestId = uniqueId('req')) {
  const response = await fetch(`${gatewayUrl}/order-service/${userId}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: (await response.json()) as OrderBody,
    requestId,
  };
}

async function list(userId: string): Promise<OrderBody[]> {
  const response = await fetch(`${gatewayUrl}/order-service/${userId}/orders`);
  expect(response.status).toBe(200);
  return (await response.json()) as OrderBody[];
}

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: catalogTopic, numPartitions: 3 },
      { topic: catalogDlq, numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  const server = connectDatabase(infra);
  await server.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [catalogDb]);
  await server.destroy();

  const gateway = await findFreePort(31_000);
  const registry = await findFreePort(gateway + 1);
  const catalog = await findFreePort(registry + 1);
  const first = await findFreePort(catalog + 1);
  const second = await findFreePort(first + 1);
  ports = { gateway, registry, catalog, order: [first, second] };
  gatewayUrl = `http://127.0.0.1:${gateway}`;

  launcher.start({
    name: 'gateway',
    entry: entries.gateway,
    cwd: repoRoot,
    env: { HOST: '127.0.0.1', PORT: String(gateway), REGISTRY_PORT: String(registry) },
  });
  await waitUntil(
    'the gateway registry',
    () =>
      fetch(`http://127.0.0.1:${registry}/registry`).then(
        (r) => r.ok,
        () => false,
      ),
    { timeoutMs: 60_000 },
  );
  ports.order.forEach(startOrder);
  launcher.start({
    name: `catalog-${catalog}`,
    entry: entries.catalog,
    cwd: repoRoot,
    env: { ...serviceEnv(), PORT: String(catalog) },
  });
  await Promise.all([
    ...ports.order.map((port) => waitRegistered('order-service', port, 120_000)),
    waitRegistered('catalog-service', catalog, 120_000),
  ]);
}, 180_000);

afterAll(async () => {
  await launcher.stopAll(20_000);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [catalogTopic, catalogDlq] }).catch(() => undefined);
  await admin.disconnect();
  const server = connectDatabase(infra);
  await server.raw('DROP DATABASE IF EXISTS ??', [catalogDb]);
  await server.destroy();
}, 60_000);

/** The instance that logged the request id (each process's lines carry its name as prefix). */
function servedBy(requestId: string): string | undefined {
  const line = lines.find(
    (candidate) => candidate.includes(`"requestId":"${requestId}"`) && candidate.startsWith('order-'),
  );
  return line?.split('|')[0]?.trim();
}

describe('the platform through the gateway', () => {
  it("when 23 x CATALOG-0003 is ordered (the seed's catalog scenario), then its stock goes from 100 to 77", async () => {
    const stockOf = async () =>
      ((await (await fetch(`${gatewayUrl}/catalog-service/catalogs/CATALOG-0003`)).json()) as { stock: number }).stock;
    expect(await stockOf()).toBe(100);
    const answer = await post(uniqueId('catalog-user'), { productId: 'CATALOG-0003', qty: 23, unitPrice: 1200 });
    expect(answer.status).toBe(201);
    expect(answer.body.totalPrice).toBe(27_600);
    await waitUntil('the stock to follow the order', async () => (await stockOf()) === 77, { timeoutMs: 30_000 });
  });

  it("when one user orders 3 times over 2 instances (the seed's scenario), then both instances serve, and 10 GETs each return exactly those 3 orders", async () => {
    const userId = uniqueId('seed-user');
    const placed: Array<Awaited<ReturnType<typeof post>>> = [];
    for (const productId of ['CATALOG-0001', 'CATALOG-0002', 'CATALOG-0003']) {
      placed.push(await post(userId, { productId, qty: 10, unitPrice: 900 }));
    }
    expect(placed.map((answer) => answer.status)).toEqual([201, 201, 201]);
    await waitUntil('the request logs', () => placed.every((answer) => servedBy(answer.requestId)), {
      timeoutMs: 5000,
    });
    expect(new Set(placed.map((answer) => servedBy(answer.requestId)))).toEqual(
      new Set(ports.order.map((port) => `order-${port}`)),
    );

    const health = new Set<string>();
    for (let i = 0; i < 4; i++) health.add(await (await fetch(`${gatewayUrl}/order-service/health_check`)).text());
    expect([...health].sort()).toEqual(
      ports.order.map((port) => `It's Working in Order Service on PORT ${port}`).sort(),
    );

    for (let i = 0; i < 10; i++) {
      const found = await list(userId);
      expect(found.map((order) => order.orderId)).toEqual(placed.map((answer) => answer.body.orderId));
      expect(found[0]).toEqual({
        ...placed[0]!.body,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      });
    }
  });

  it(
    'when 200 orders are each read back right after their 201 through the gateway, then no read misses its order',
    { timeout: 120_000 },
    async () => {
      const misses: string[] = [];
      const statuses: number[] = [];
      // Four users in parallel, each alternating POST and GET: reads land on both instances.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          const userId = uniqueId('ryw-user');
          for (let i = 0; i < 50; i++) {
            const answer = await post(userId, { productId: 'CATALOG-0002', qty: 1 + i, unitPrice: 900 });
            statuses.push(answer.status);
            if (!(await list(userId)).some((order) => order.orderId === answer.body.orderId))
              misses.push(answer.body.orderId);
          }
        }),
      );
      expect(statuses).toHaveLength(200);
      expect(statuses.filter((status) => status !== 201)).toEqual([]);
      expect(misses).toEqual([]);
    },
  );

  it(
    'when the sink connector is paused, then a POST answers 202 and its order is absent until the sink resumes',
    { timeout: 90_000 },
    async () => {
      const userId = uniqueId('paused-user');
      await connect.pause(infra.ORDERS_SINK_CONNECTOR);
      try {
        await waitUntil(
          'the connector to be PAUSED',
          async () => (await connect.status(infra.ORDERS_SINK_CONNECTOR)).connector.state === 'PAUSED',
          { timeoutMs: 15_000 },
        );
        const answer = await post(userId, { productId: 'CATALOG-0001', qty: 2, unitPrice: 1500 });
        expect(answer.status).toBe(202);
        expect(answer.location).toBe(`/order-service/${userId}/orders`);
        expect(answer.body).toMatchObject({ productId: 'CATALOG-0001', qty: 2, unitPrice: 1500, totalPrice: 3000 });
        expect(await list(userId)).toEqual([]);
      } finally {
        await connect.resume(infra.ORDERS_SINK_CONNECTOR);
      }
      const [order] = await waitUntil(
        'the order once the sink resumed',
        async () => {
          const found = await list(userId);
          return found.length ? found : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(order).toMatchObject({ productId: 'CATALOG-0001', totalPrice: 3000 });
    },
  );

  it(
    'when one of 2 instances is SIGKILLed, then 50 GETs and 50 POSTs right after all succeed',
    { timeout: 90_000 },
    async () => {
      const [victim, survivor] = ports.order;
      orders.get(victim)!.kill('SIGKILL');
      await orders.get(victim)!.exited;

      const userId = uniqueId('failover-user');
      const failures: string[] = [];
      const placed: string[] = [];
      for (let i = 0; i < 50; i++) {
        const answer = await post(userId, { productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 });
        if (answer.status === 201 || answer.status === 202) placed.push(answer.body.orderId);
        else failures.push(`POST ${answer.status}`);
        const response = await fetch(`${gatewayUrl}/order-service/${userId}/orders`);
        if (response.status !== 200) failures.push(`GET ${response.status}`);
        await response.arrayBuffer();
      }
      expect(failures).toEqual([]);
      expect(placed).toHaveLength(50);
      // Every one of them on the survivor, once.
      await waitUntil('all 50 orders readable', async () => (await list(userId)).length === 50, { timeoutMs: 30_000 });
      expect(new Set((await list(userId)).map((order) => order.orderId))).toEqual(new Set(placed));
      expect(
        servedBy(
          lines
            .findLast((line) => line.startsWith('order-') && line.includes(userId))
            ?.match(/"requestId":"([^"]+)"/)?.[1] ?? '',
        ),
      ).toBe(`order-${survivor}`);
    },
  );

  it(
    'when a third instance is added with pnpm start:order, then it receives traffic within 5 s of being ready',
    { timeout: 120_000 },
    async () => {
      const port = await findFreePort(ports.order[1] + 1);
      const extra = launcher.start({
        name: 'start-order',
        entry: path.join(repoRoot, 'scripts/src/start-order.ts'),
        cwd: repoRoot,
        args: ['--', '--port', String(port)],
        env: {
          ...serviceEnv(),
          GATEWAY_PORT: String(ports.gateway),
          REGISTRY_PORT: String(ports.registry),
          CATALOG_PORT: String(ports.catalog),
        },
      });
      await waitUntil(
        'the new instance to answer directly',
        () =>
          fetch(`http://127.0.0.1:${port}/order-service/health_check`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeoutMs: 90_000, intervalMs: 50 },
      );
      const ready = Date.now();
      await waitUntil(
        'the gateway to route to the new instance',
        async () => (await (await fetch(`${gatewayUrl}/order-service/health_check`)).text()).endsWith(`PORT ${port}`),
        { timeoutMs: 5000, intervalMs: 20 },
      );
      console.info(
        `[platform-test] the gateway routed to the new instance ${Date.now() - ready} ms after it answered directly`,
      );

      extra.kill('SIGINT');
      expect(await extra.exited).toEqual({ code: 0, signal: null });
    },
  );
});
