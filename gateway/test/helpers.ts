import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@order-platform/service-kit';
import { createGatewayApp } from '../src/app.js';
import { createUpstreamAgent } from '../src/data-access/upstream-proxy.js';
import { answerClientError } from '../src/entry-points/client-error.js';
import { ServiceRegistry } from '../src/domain/service-registry.js';
import { createRegistryApp } from '../src/registry-app.js';

/**
 * Small real HTTP servers standing in for service instances, and the gateway's two apps on
 * ephemeral ports, wired as main.ts wires them.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  name: string;
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const answerWithName =
  (name: string): Handler =>
  (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, url: req.url }));
  };

export async function startUpstream(name: string, handler: Handler = answerWithName(name)): Promise<Upstream> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (an instance that died). */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestGateway {
  url: string;
  port: number;
  registryUrl: string;
  registry: ServiceRegistry;
  register(service: string, instanceId: string, url: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startGateway(
  options: { ttlMs?: number; upstreamTimeoutMs?: number; maxBodyBytes?: number } = {},
): Promise<TestGateway> {
  const logger = createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const registry = new ServiceRegistry({ ttlMs: options.ttlMs ?? 3000 });
  const agent = createUpstreamAgent();
  const app = createGatewayApp({
    registry,
    logger,
    agent,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
  });
  const registryApp = createRegistryApp({ registry, allowedHosts: ['127.0.0.1', 'localhost', '::1'], logger });
  const publicServer = http.createServer(app);
  publicServer.on('clientError', answerClientError);
  const registryServer = http.createServer(registryApp);
  await new Promise<void>((resolve) => publicServer.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => registryServer.listen(0, '127.0.0.1', resolve));
  const port = (publicServer.address() as AddressInfo).port;
  const registryUrl = `http://127.0.0.1:${(registryServer.address() as AddressInfo).port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    registryUrl,
    registry,
    register: (service, instanceId, url) =>
      fetch(`${registryUrl}/registry/${service}/${instanceId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      }),
    close: async () => {
      agent.destroy();
      for (const server of [publicServer, registryServer]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * One request with the path sent byte for byte (fetch and supertest normalise `..`, `%2e` and
 * backslashes away before sending, which would hide exactly what these tests are about).
 */
export function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | string[]; chunkDelayMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
    const parts = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
    void (async () => {
      for (const [index, part] of parts.entries()) {
        if (index > 0 && options.chunkDelayMs)
          await new Promise((resolve) => setTimeout(resolve, options.chunkDelayMs));
        req.write(part);
      }
      req.end();
    })();
  });
}
