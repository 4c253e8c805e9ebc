import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedNodeVersion } from '@order-platform/service-kit';
import { startFuzzPlatform } from './support/fuzz-platform.js';
import type { TestPlatform } from './support/test-platform.js';

/**
 * The project brings its own Node (root package.json, `devDependencies.node`): the test runner and
 * every process it starts must run on exactly that version, whatever `node` the machine has. The
 * services say which Node they run on in `GET …/info`; the gateway answers it on its internal port.
 */
const pinned = pinnedNodeVersion();
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startFuzzPlatform({ visibilityWaitMs: 1000 });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

async function info(url: string): Promise<{ service: string; node: string; pid: number }> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as { service: string; node: string; pid: number };
}

describe('the pinned Node runtime', () => {
  it('when the root package.json is read, then it pins one exact version', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('when the tests run, then the runner itself is on the pinned Node', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('when the gateway, the order instances and catalog-service run, then each answers the pinned Node', async () => {
    const answers = await Promise.all([
      info(`http://127.0.0.1:${platform.ports.registry}/info`),
      ...platform.orderPorts.map((port) => info(`http://127.0.0.1:${port}/order-service/info`)),
      info(`http://127.0.0.1:${platform.ports.catalog}/catalog-service/info`),
    ]);
    expect(answers.map((answer) => answer.service)).toEqual([
      'gateway',
      'order-service',
      'order-service',
      'catalog-service',
    ]);
    for (const answer of answers) expect(answer.node, answer.service).toBe(`v${pinned}`);
    // Four separate processes, not one answering for all.
    expect(new Set(answers.map((answer) => answer.pid)).size).toBe(4);
    // Nor did any of them warn about its runtime (the start-up check, or Node's own warnings).
    expect(platform.lines.filter((line) => /but this project pins Node|Warning:/.test(line))).toEqual([]);
  });

  it('when an order instance is asked through the gateway, then the answer is the pinned Node too', async () => {
    const answer = await info(`${platform.gatewayUrl}/order-service/info`);
    expect(answer).toMatchObject({ service: 'order-service', node: `v${pinned}` });
  });
});
