import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SPAN_FLUSH_TIMEOUT_MS } from '../src/index.js';
import { spawnDemo, type DemoProcess } from './support/demo-process.js';

/** Tracing as runService starts it, in processes of their own; spans go to a stand-in collector. */
const probe = fileURLToPath(new URL('./fixtures/tracing-probe.ts', import.meta.url));
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A stand-in Zipkin: records the spans POSTed to it, or (`hang`) takes them and never answers. */
async function startCollector(options: { hang?: boolean } = {}) {
  const spans: Array<{ name: string; localEndpoint: { serviceName: string }; tags: Record<string, string> }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      spans.push(...(JSON.parse(Buffer.concat(chunks).toString()) as typeof spans));
      if (!options.hang) res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/spans`, spans };
}

function startDemo(env: Record<string, string>): DemoProcess {
  const demo = spawnDemo({ OTEL_TRACES_EXPORTER: 'zipkin', DEMO_INSTANCE_ID: 'demo-7', ...env });
  cleanup.push(() => demo.kill('SIGKILL'));
  return demo;
}

describe('tracing in a process', () => {
  it(
    'when main.ts loads the skeleton, then kafkajs, express and knex are not loaded yet; after tracing' +
      ' started, the pnpm-patched kafkajs and express are instrumented',
    async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe], { timeout: 60_000 });
      const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(report).toMatchObject({
        bySkeleton: [],
        kafkajsFile: expect.stringMatching(/kafkajs@2\.2\.4_patch_hash=[0-9a-f]+/),
        kafkajsProducer: true,
        kafkajsConsumer: true,
        expressRoute: true,
      });
    },
  );

  it('when a service stops gracefully, then the spans it still holds are exported before it exits', async () => {
    const collector = await startCollector();
    // Spans would otherwise leave only every minute: what arrives, the shutdown flushed.
    const demo = startDemo({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    const { port } = await demo.waitForLine('demo-service listening', 30_000);
    await fetch(`http://127.0.0.1:${String(port)}/span`);
    demo.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(collector.spans).toContainEqual(
      expect.objectContaining({
        name: 'demo work',
        localEndpoint: { serviceName: 'demo-service' },
        tags: expect.objectContaining({ 'service.instance.id': 'demo-7', 'demo.greeting': 'hello' }),
      }),
    );
  });

  it('when the tracing backend takes spans and never answers, then the stop waits for it only so long', async () => {
    const collector = await startCollector({ hang: true });
    const demo = startDemo({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    const { port } = await demo.waitForLine('demo-service listening', 30_000);
    await fetch(`http://127.0.0.1:${String(port)}/span`);
    const stopping = performance.now();
    demo.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(performance.now() - stopping).toBeLessThan(SPAN_FLUSH_TIMEOUT_MS + 2000);
    expect(collector.spans.map((span) => span.name)).toContain('demo work');
  });
});
