import http from 'node:http';
import { connectDatabase, loadInfraConfig } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { Launcher, findFreePort } from '../../src/index.js';
import { entries, repoRoot } from '../../src/platform.js';

export const infra = loadInfraConfig();
export const kafka = createKafka({
  clientId: 'http-fuzz-test',
  brokers: infra.KAFKA_BROKERS,
  logger: createLogger('http-fuzz-test', 'warn'),
});

export interface FuzzPlatform {
  gatewayUrl: string;
  gatewayPort: number;
  /** The gateway's internal registry port (GET /registry, GET /info). */
  registryPort: number;
  orderPorts: number[];
  catalogPort: number;
  catalogTopic: string;
  catalogDlq: string;
  launcher: Launcher;
  /** Every output line of every process (warn and above: the services log at warn). */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * The real gateway, two order-service instances and catalog-service as processes on ports of their
 * own, with a catalog topic, dead-letter topic, consumer group and catalog database of their own
 * (as in order-platform.test.ts). Logs at warn, so 10,000 requests do not become 30,000 lines.
 */
export async function startFuzzPlatform(options: { visibilityWaitMs: number }): Promise<FuzzPlatform> {
  const catalogTopic = uniqueId('fuzz-catalog');
  const catalogDlq = `${catalogTopic}.dlq`;
  const catalogDb = uniqueId('catalogdb_fuzz').replace(/-/g, '_');
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

  const gatewayPort = await findFreePort(33_000);
  const registryPort = await findFreePort(gatewayPort + 1);
  const catalogPort = await findFreePort(registryPort + 1);
  const first = await findFreePort(catalogPort + 1);
  const orderPorts = [first, await findFreePort(first + 1)];
  const lines: string[] = [];
  const launcher = new Launcher({ write: (line) => lines.push(line), color: false, graceMs: 20_000 });
  const serviceEnv = {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REGISTRY_URL: `http://127.0.0.1:${registryPort}`,
    INSTANCE_ID: undefined,
    CATALOG_TOPIC: catalogTopic,
    CATALOG_DLQ_TOPIC: catalogDlq,
    CATALOG_GROUP_ID: uniqueId('fuzz-catalog-group'),
    CATALOG_DB: catalogDb,
    VISIBILITY_WAIT_MS: String(options.visibilityWaitMs),
  };
  launcher.start({
    name: 'gateway',
    entry: entries.gateway,
    cwd: repoRoot,
    env: { HOST: '127.0.0.1', LOG_LEVEL: 'warn', PORT: String(gatewayPort), REGISTRY_PORT: String(registryPort) },
  });
  for (const port of orderPorts)
    launcher.start({
      name: `order-${port}`,
      entry: entries.order,
      cwd: repoRoot,
      env: { ...serviceEnv, PORT: String(port) },
    });
  launcher.start({
    name: `catalog-${catalogPort}`,
    entry: entries.catalog,
    cwd: repoRoot,
    env: { ...serviceEnv, PORT: String(catalogPort) },
  });

  const registered = async (service: string, port: number) => {
    const response = await fetch(`http://127.0.0.1:${registryPort}/registry`).catch(() => undefined);
    if (!response?.ok) return false;
    const listing = (await response.json()) as { services: Record<string, Array<{ url: string; status: string }>> };
    return (listing.services[service] ?? []).some(
      (instance) => instance.url === `http://127.0.0.1:${port}` && instance.status === 'up',
    );
  };
  await waitUntil(
    'every instance registered with the gateway',
    async () => {
      const exited = launcher.list().find((child) => !child.running);
      if (exited) throw new Error(`${exited.name} exited: ${exited.recentOutput().slice(-5).join('\n')}`);
      const all = await Promise.all([
        ...orderPorts.map((port) => registered('order-service', port)),
        registered('catalog-service', catalogPort),
      ]);
      return all.every(Boolean);
    },
    { timeoutMs: 150_000, intervalMs: 200 },
  );

  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    gatewayPort,
    registryPort,
    orderPorts,
    catalogPort,
    catalogTopic,
    catalogDlq,
    launcher,
    lines,
    async stop() {
      await launcher.stopAll(20_000);
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics: [catalogTopic, catalogDlq] }).catch(() => undefined);
      await cleanup.disconnect();
      const db = connectDatabase(infra);
      await db.raw('DROP DATABASE IF EXISTS ??', [catalogDb]);
      await db.destroy();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request over the shared keep-alive agent, byte for byte as generated (node:http, not fetch, so any method and raw path go out). */
export function sendRaw(
  agent: http.Agent,
  port: number,
  request: { method: string; path: string; headers: Record<string, string>; body?: Buffer; chunked: boolean },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body && !request.chunked) headers['content-length'] = String(request.body.length);
    // Explicit: Node frames a GET's (or DELETE's...) body only when told to.
    if (request.body && request.chunked) headers['transfer-encoding'] = 'chunked';
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: request.method, path: request.path, headers, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    if (request.body && request.chunked) {
      const middle = Math.floor(request.body.length / 2);
      req.write(request.body.subarray(0, middle));
      req.write(request.body.subarray(middle));
      req.end();
    } else req.end(request.body);
  });
}
