import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createLogger, loadConfig } from '@order-platform/service-kit';
import { startGateway as startGatewayService } from '../src/composition-root.js';
import { gatewayConfigSchema } from '../src/config.js';
import type { ServiceRegistry } from '../src/domain/service-registry.js';

/**
 * Small real HTTP servers standing in for service instances, and the gateway started through its
 * composition root (what main.ts runs) on ephemeral ports.
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

/**
 * Closes whatever a test started, even when it fails half-way: called once at a file's top, it
 * gives `track`, which a test wraps around each start.
 */
export function closeAfterEach(): <T extends { close(): Promise<void> }>(thing: Promise<T>) => Promise<T> {
  const started: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((thing) => thing.close()));
  });
  return async (thing) => {
    const value = await thing;
    started.push(value);
    return value;
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
  /** Registers with the gateway's REGISTRY_SECRET when it has one. */
  register(service: string, instanceId: string, url: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startGateway(
  options: {
    ttlMs?: number;
    upstreamTimeoutMs?: number;
    maxBodyBytes?: number;
    consoleUrl?: string;
    /** Further gateway keys (the guards' settings, REGISTRY_SECRET). */
    env?: Record<string, string>;
  } = {},
): Promise<TestGateway> {
  // Only these keys: a test gateway never takes a port or a timeout from the environment or .env.
  const config = loadConfig(gatewayConfigSchema, {
    GATEWAY_PORT: '0',
    REGISTRY_PORT: '0',
    REGISTRY_TTL_MS: String(options.ttlMs ?? 3000),
    UPSTREAM_TIMEOUT_MS: String(options.upstreamTimeoutMs ?? 30_000),
    MAX_BODY_BYTES: String(options.maxBodyBytes ?? 1_048_576),
    // A test closes at once: what is still in flight then is cut.
    GATEWAY_SHUTDOWN_GRACE_MS: '0',
    CONSOLE_URL: options.consoleUrl ?? 'none',
    ...options.env,
  });
  const auth: Record<string, string> = config.REGISTRY_SECRET
    ? { authorization: `Bearer ${config.REGISTRY_SECRET}` }
    : {};
  const gateway = await startGatewayService(
    config,
    createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
  const registryUrl = gateway.registryUrl;
  return {
    url: gateway.url,
    port: gateway.port,
    registryUrl,
    registry: gateway.registry,
    register: (service, instanceId, url) =>
      fetch(`${registryUrl}/registry/${service}/${instanceId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ url }),
      }),
    close: async () => {
      await gateway.stop();
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
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | string[];
    chunkDelayMs?: number;
    /** A loopback source address of the client's own (127.0.0.2 is another client to the gateway's guards). */
    localAddress?: string;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { method = 'GET', headers, localAddress } = options;
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
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
