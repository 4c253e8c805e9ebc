import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { repoRoot } from '@order-platform/command-kit';
import {
  Launcher,
  Registry,
  findFreePort,
  isPortFree,
  urlOf,
  type LaunchedProcess,
} from '@order-platform/platform-harness';

/**
 * `pnpm start` end to end, on ports of its own: the real gateway, two real order-service
 * instances and catalog-service against the running infrastructure. The start script runs as a
 * child of the launcher and gets SIGINT directly, as a terminal's Ctrl-C would deliver it (under
 * `pnpm start`, pnpm and sh get the Ctrl-C too and report 130 whatever the script exits with).
 * catalog-service reads a topic and group of its own, so it never touches other tests' messages.
 */
const kafka = createKafka({
  clientId: 'start-test',
  brokers: loadInfraConfig().KAFKA_BROKERS,
  logger: createLogger('start-test', 'warn'),
});
const catalogTopic = uniqueId('start-test-catalog');
const catalogDlq = `${catalogTopic}.dlq`;

describe('pnpm start', () => {
  const lines: string[] = [];
  const launcher = new Launcher({ write: (line) => lines.push(line), color: false, graceMs: 40_000 });
  let start: LaunchedProcess;
  let ports: { gateway: number; registry: number; base: number; catalog: number; console: number };
  let blocker: http.Server;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: catalogTopic, numPartitions: 1 },
        { topic: catalogDlq, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();

    const gateway = await findFreePort(28_000);
    const registry = await findFreePort(gateway + 1);
    const base = await findFreePort(registry + 10);
    const catalog = await findFreePort(base + 20);
    const console = await findFreePort(catalog + 1);
    ports = { gateway, registry, base, catalog, console };
    // Something else holds the second order port (as Kafka Connect holds 8083): it must be skipped.
    blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(base + 1, '127.0.0.1', resolve));
    expect((blocker.address() as AddressInfo).port).toBe(base + 1);
  });

  afterAll(async () => {
    await launcher.stopAll(10_000);
    await new Promise((resolve) => blocker.close(resolve));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [catalogTopic, catalogDlq] }).catch(() => undefined);
    await admin.disconnect();
  });

  it(
    'when started with 2 instances, then the gateway routes to both, start:order adds one, ' +
      'a SIGKILLed one costs no failed GET, and SIGINT stops the rest cleanly, freeing every port',
    { timeout: 240_000 },
    async () => {
      const env = {
        ORDER_INSTANCES: '2',
        GATEWAY_PORT: String(ports.gateway),
        REGISTRY_PORT: String(ports.registry),
        ORDER_BASE_PORT: String(ports.base),
        CATALOG_PORT: String(ports.catalog),
        CONSOLE_PORT: String(ports.console),
        CATALOG_TOPIC: catalogTopic,
        CATALOG_DLQ_TOPIC: catalogDlq,
        CATALOG_GROUP_ID: uniqueId('start-test-group'),
        LOG_LEVEL: 'info',
      };
      start = launcher.start({
        name: 'pnpm-start',
        entry: path.join(repoRoot, 'scripts/launcher/src/start.ts'),
        cwd: repoRoot,
        env,
      });
      const orderPorts = [ports.base, ports.base + 2];
      const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;

      await waitUntil('the start summary', () => lines.some((line) => line.includes('The platform is up')), {
        timeoutMs: 180_000,
        intervalMs: 250,
      });
      expect(
        lines.some((line) =>
          line.includes(`order-service    http://127.0.0.1:${orderPorts[0]}  http://127.0.0.1:${orderPorts[1]}`),
        ),
      ).toBe(true);

      const seen = new Set<string>();
      await waitUntil(
        'health_check through the gateway to show both instances',
        async () => {
          const text = await (await fetch(`${gatewayUrl}/order-service/health_check`)).text();
          seen.add(text);
          return orderPorts.every((port) => seen.has(`It's Working in Order Service on PORT ${port}`));
        },
        { timeoutMs: 10_000 },
      );
      expect([...seen].sort()).toEqual(
        orderPorts.map((port) => `It's Working in Order Service on PORT ${port}`).sort(),
      );
      expect((await fetch(`${gatewayUrl}/catalog-service/health_check`)).status).toBe(200);
      // The console, behind the gateway's internal port.
      const page = await fetch(`http://127.0.0.1:${ports.registry}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>order-platform console</h1>');

      // start:order adds a third instance to the running platform, and takes it away again.
      const extraPort = await findFreePort(ports.base + 3);
      const extra = launcher.start({
        name: 'start-order',
        entry: path.join(repoRoot, 'scripts/launcher/src/start-order.ts'),
        cwd: repoRoot,
        args: ['--', '--port', String(extraPort)],
        env,
      });
      await waitUntil(
        'the extra instance to be registered',
        () => lines.some((line) => line.includes(`http://127.0.0.1:${extraPort} is registered`)),
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      const registry = new Registry(urlOf(ports.registry));
      expect((await registry.instances('order-service')).map((instance) => instance.instanceId).sort()).toEqual([
        'order-1',
        'order-2',
        'order-3',
      ]);
      await waitUntil(
        'the gateway to route to the extra instance',
        async () =>
          (await (await fetch(`${gatewayUrl}/order-service/health_check`)).text()).endsWith(`PORT ${extraPort}`),
        { timeoutMs: 10_000 },
      );
      extra.kill('SIGINT');
      expect(await extra.exited).toEqual({ code: 0, signal: null });
      expect(await isPortFree(extraPort)).toBe(true);
      expect((await registry.instances('order-service')).map((instance) => instance.url).sort()).toEqual(
        orderPorts.map(urlOf).sort(),
      );

      // SIGKILL one instance: GETs keep succeeding (retried on the other one), and the registry drops it.
      const [killedPort, survivorPort] = orderPorts as [number, number];
      const listening = lines.find(
        (line) => line.includes('"order-service listening"') && line.includes(`"port":${killedPort}`),
      );
      const killedPid = Number(/"pid":(\d+)/.exec(listening ?? '')?.[1]);
      expect(killedPid).toBeGreaterThan(0);
      process.kill(killedPid, 'SIGKILL');
      const statuses: number[] = [];
      const answeredBy = new Set<string>();
      await waitUntil(
        'the registry to drop the killed instance',
        async () => {
          const batch = await Promise.all(
            Array.from({ length: 4 }, () => fetch(`${gatewayUrl}/order-service/health_check`)),
          );
          for (const response of batch) {
            statuses.push(response.status);
            answeredBy.add(await response.text());
          }
          const registered = await registry.instances('order-service');
          return !registered.some((instance) => instance.url.endsWith(`:${killedPort}`));
        },
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect([...answeredBy]).toEqual([`It's Working in Order Service on PORT ${survivorPort}`]);

      start.kill('SIGINT');
      expect(await start.exited).toEqual({ code: 0, signal: null });
      for (const port of [ports.gateway, ports.registry, ...orderPorts, ports.catalog, ports.console])
        expect(await isPortFree(port)).toBe(true);
      expect(lines.some((line) => line.includes('all stopped, ports free'))).toBe(true);
      expect(lines.some((line) => line.endsWith(`| order-${killedPort} had already exited`))).toBe(true);
      for (const name of [`order-${survivorPort}`, `catalog-${ports.catalog}`, 'console', 'gateway']) {
        expect(lines.some((line) => line.endsWith(`| ${name}: exited with code 0`))).toBe(true);
      }
    },
  );
});
