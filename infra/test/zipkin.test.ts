import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { infraPaths, loadInfraConfig, status } from '../src/index.js';
import { runningPid } from '../src/processes.js';
import { zipkinProcess } from '../src/zipkin.js';

/** The shared Zipkin of infra:up (global-setup.ts ran it): every run may use it, its traces apart by id. */
const config = loadInfraConfig();
const zipkin = (route: string, init?: RequestInit) =>
  fetch(new URL(route, config.ZIPKIN_URL), { ...init, signal: AbortSignal.timeout(5000) });

describe(`Zipkin at ${config.ZIPKIN_URL}`, () => {
  it('when infra:up has run, then Zipkin answers /health with its in-memory storage up', async () => {
    const health = await zipkin('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'UP',
      zipkin: { status: 'UP', details: { 'InMemoryStorage{}': { status: 'UP' } } },
    });
  });

  it('when a span is posted to /api/v2/spans, then /api/v2/trace/{id} returns it', async () => {
    const traceId = randomBytes(16).toString('hex');
    const span = {
      traceId,
      id: randomBytes(8).toString('hex'),
      name: 'post /probe',
      kind: 'SERVER',
      timestamp: Date.now() * 1000,
      duration: 1500,
      localEndpoint: { serviceName: 'infra-test' },
      tags: { 'http.status_code': '201' },
    };
    const posted = await zipkin('/api/v2/spans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([span]),
    });
    expect(posted.status).toBe(202);

    // The collector stores asynchronously: the trace is readable shortly after the 202.
    const trace = await waitUntil(
      'the posted span in Zipkin',
      async () => {
        const answer = await zipkin(`/api/v2/trace/${traceId}`);
        return answer.status === 200 ? ((await answer.json()) as unknown[]) : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(trace).toEqual([expect.objectContaining({ ...span, localEndpoint: { serviceName: 'infra-test' } })]);
  });

  it('when infra:status runs, then it shows Zipkin and the sink exporter UP, with pid and memory if ours', async () => {
    const { lines } = await status(config);
    const zipkinLine = lines.find((line) => line.startsWith('Zipkin '));
    const exporterLine = lines.find((line) => line.startsWith('Sink exporter '));
    expect(zipkinLine).toMatch(/: UP, version \d+\.\d+\.\d+/);
    expect(exporterLine).toMatch(new RegExp(`: UP, watching ${config.CONNECT_URL}`));
    const pid = runningPid(zipkinProcess(infraPaths(config)));
    if (pid !== undefined) expect(zipkinLine).toContain(`pid ${pid}, `);
  });
});
