import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { SinkMetrics } from './sink-metrics.js';
import type { SnapshotSource } from './sink-snapshot.js';

/** What `GET /health` answers, so that infra:up tells this exporter from another program on the port. */
export const EXPORTER_SERVICE = 'infra-exporter';

/**
 * `GET /metrics`: reads Connect and Kafka afresh (scrapes arriving meanwhile share that read), then
 * answers the Prometheus text format. `GET /health`: who this is and which worker it watches.
 */
export function createExporterServer(source: SnapshotSource, metrics: SinkMetrics, connectUrl: string): http.Server {
  let reading: Promise<void> | undefined;
  const refresh = () =>
    (reading ??= (async () => {
      const started = performance.now();
      const snapshot = await source.read();
      metrics.record(snapshot, (performance.now() - started) / 1000);
    })().finally(() => {
      reading = undefined;
    }));

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const route = new URL(req.url ?? '/', 'http://exporter').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (route === '/metrics') {
      await refresh();
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
    } else if (route === '/health') {
      const body = JSON.stringify({ status: 'UP', service: EXPORTER_SERVICE, connect: connectUrl, pid: process.pid });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics or /health\n');
    }
  };

  return http.createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${(error as Error).message}\n`);
    });
  });
}
