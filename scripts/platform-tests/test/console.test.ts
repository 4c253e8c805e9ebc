import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@order-platform/command-kit';
import { ConnectClient } from '@order-platform/infra';
import { uniqueId } from '@order-platform/test-kit';
import { axeViolations, launchChromium } from './support/console-browser.js';
import { OrdersClient } from './support/orders-client.js';
import { infra, startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * The console in a real browser (Debian's Chromium, headless, driven by playwright-core), on the real
 * platform: the gateway, two order-service instances, catalog-service and the console as processes on
 * this file's own ports, on the run's pipeline (its sink connector, topics and databases) with a
 * catalog of its own. The page is opened once, at the gateway's internal port, and never reloaded:
 * every change below reaches it through its event stream.
 */
const SINK = infra.ORDERS_SINK_CONNECTOR;
const ARTIFACTS = path.join(repoRoot, 'test-artifacts');
const connect = new ConnectClient(infra.CONNECT_URL);
let under: TestPlatform;
let browser: Browser;
let page: Page;
let client: OrdersClient;

const connector = (state: string) => `article[data-connector="${SINK}"][data-state="${state}"]`;
const stockOf = async (productId: string) =>
  Number(await page.locator(`tr[data-product="${productId}"]`).getAttribute('data-stock'));

beforeAll(async () => {
  under = await startTestPlatform('platform-console', { firstPort: 25_000, console: true });
  client = new OrdersClient(under.gatewayUrl);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${under.platform.registryUrl}/`);
  // Set once: a reload would lose it.
  await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await under?.stop();
}, 60_000);

describe("the console on the gateway's internal port", () => {
  it('when it opens, then it lists 2 order instances and catalog-service up, the sink RUNNING, the stock', async () => {
    await page.locator('tr[data-service="order-service"][data-state="up"]').nth(1).waitFor({ timeout: 10_000 });
    expect(await page.locator('tr[data-service="order-service"]').count()).toBe(2);
    expect(await page.locator('tr[data-service="catalog-service"][data-state="up"]').count()).toBe(1);
    await page.locator(connector('RUNNING')).waitFor({ timeout: 10_000 });
    await page.locator('tr[data-product="CATALOG-0003"]').waitFor({ timeout: 10_000 });
    for (const productId of ['CATALOG-0001', 'CATALOG-0002', 'CATALOG-0003'])
      expect(await stockOf(productId)).toBe(100);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('order-platform console');
  });

  it('when an order is POSTed, then it shows within 2 s without a reload, and its stock drops', async () => {
    const before = await stockOf('CATALOG-0002');
    const userId = uniqueId('console-user');
    const answer = await client.post(userId, { productId: 'CATALOG-0002', qty: 7, unitPrice: 900 });
    expect(answer.status).toBe(201);
    const answered = Date.now();
    const row = page.locator(`tr[data-order="${answer.body.orderId}"]`);
    await row.waitFor({ timeout: 2000 });
    console.info(`[console-test] the order showed ${Date.now() - answered} ms after its 201`);
    await expect(row.textContent()).resolves.toMatch(new RegExp(`${userId}.*CATALOG-0002.*7.*900.*6,300`, 's'));
    await page.locator(`tr[data-product="CATALOG-0002"][data-stock="${before - 7}"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    // Linked to its trace once Zipkin has order-service's spans (exported every 5 s): found by its order.id tag.
    const link = row.locator('a[data-trace="trace"]');
    await link.waitFor({ timeout: 20_000 });
    expect(await link.getAttribute('href')).toMatch(/\/zipkin\/traces\/[0-9a-f]{32}$/);
  });

  it('when pause is pressed on the sink, then it shows PAUSED, a POST gets 202; resume brings the order', async () => {
    try {
      await page.getByRole('button', { name: `Pause ${SINK}`, exact: true }).click();
      await page.locator(connector('PAUSED')).waitFor({ timeout: 15_000 });
      const answer = await client.post(uniqueId('console-paused'), {
        productId: 'CATALOG-0001',
        qty: 1,
        unitPrice: 1500,
      });
      expect(answer.status).toBe(202);
      expect(await page.locator(`tr[data-order="${answer.body.orderId}"]`).count()).toBe(0);

      await page.getByRole('button', { name: `Resume ${SINK}`, exact: true }).click();
      await page.locator(connector('RUNNING')).waitFor({ timeout: 15_000 });
      await page.locator(`tr[data-order="${answer.body.orderId}"]`).waitFor({ timeout: 60_000 });
    } finally {
      // Whatever failed above, the run's sink must not stay paused for the files after this one.
      if ((await connect.status(SINK)).connector.state === 'PAUSED') await connect.resume(SINK);
    }
  });

  it('when an instance is killed, then the page shows it down within the registry TTL', async () => {
    const victim = under.platform.runningOrders()[1]!;
    victim.process.kill('SIGKILL');
    await victim.process.exited;
    const killed = Date.now();
    await page.locator(`tr[data-instance="${victim.instanceId}"][data-state="down"]`).waitFor({ timeout: 3000 });
    console.info(`[console-test] ${victim.instanceId} showed down ${Date.now() - killed} ms after it was killed`);
    expect(await page.locator('tr[data-service="order-service"][data-state="up"]').count()).toBe(1);
  });

  it('when axe-core scans the page, then it finds no serious or critical violation; a screenshot is kept', async () => {
    const violations = await axeViolations(page);
    expect(violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))).toEqual([]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console.png'), fullPage: true });
  });
});
