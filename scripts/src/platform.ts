import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LaunchedProcess, Launcher } from './launcher.js';
import type { PlatformConfig } from './platform-config.js';
import { waitForUrl } from './readiness.js';

/** Where the deployables are, and how `pnpm start` / `start:order` run and check each of them. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const entries = {
  gateway: path.join(repoRoot, 'gateway/src/main.ts'),
  order: path.join(repoRoot, 'services/order-service/src/main.ts'),
  catalog: path.join(repoRoot, 'services/catalog-service/src/main.ts'),
};

export const HOST = '127.0.0.1';

export const registryUrlOf = (config: PlatformConfig) => `http://${HOST}:${config.REGISTRY_PORT}`;
export const gatewayUrlOf = (config: PlatformConfig) => `http://${HOST}:${config.GATEWAY_PORT}`;

/** Ports order-service instances must never take: the gateway's, catalog-service's. */
export const reservedPorts = (config: PlatformConfig) => [
  config.GATEWAY_PORT,
  config.REGISTRY_PORT,
  config.CATALOG_PORT,
];

/** `pnpm start` and start:order read the repository's .env like `pnpm infra:*` do. */
export function loadDotEnv(): void {
  const envFile = path.join(repoRoot, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
}

export function startGateway(launcher: Launcher, config: PlatformConfig): LaunchedProcess {
  return launcher.start({
    name: 'gateway',
    entry: entries.gateway,
    cwd: repoRoot,
    env: { PORT: String(config.GATEWAY_PORT), HOST, REGISTRY_PORT: String(config.REGISTRY_PORT) },
  });
}

/** The instance id of order-service slot `n` (from 1): also its Kafka transactional id's suffix. */
export const orderSlotId = (n: number) => `order-${n}`;

/**
 * One order-service instance in slot `instanceId`: the id, not the port, names its Kafka
 * transactional id, so whatever restarts the slot (on any port) fences what the last one left open.
 */
export function startOrderInstance(
  launcher: Launcher,
  config: PlatformConfig,
  port: number,
  instanceId: string,
): LaunchedProcess {
  return launcher.start({
    name: `order-${port}`,
    entry: entries.order,
    cwd: repoRoot,
    env: { PORT: String(port), HOST, REGISTRY_URL: registryUrlOf(config), INSTANCE_ID: instanceId },
  });
}

/**
 * The first slot `order-N` no instance in the gateway's registry holds; undefined when no
 * registry answers (then nothing tells which slots are taken).
 */
export async function nextFreeOrderSlot(config: PlatformConfig): Promise<string | undefined> {
  const listing = await fetch(`${registryUrlOf(config)}/registry`, { signal: AbortSignal.timeout(2000) }).then(
    async (response) =>
      response.ok
        ? ((await response.json()) as { services: Record<string, Array<{ instanceId: string }>> })
        : undefined,
    () => undefined,
  );
  if (!listing) return undefined;
  const taken = new Set((listing.services['order-service'] ?? []).map((instance) => instance.instanceId));
  for (let n = 1; ; n += 1) if (!taken.has(orderSlotId(n))) return orderSlotId(n);
}

export function startCatalog(launcher: Launcher, config: PlatformConfig): LaunchedProcess {
  return launcher.start({
    name: `catalog-${config.CATALOG_PORT}`,
    entry: entries.catalog,
    cwd: repoRoot,
    env: { PORT: String(config.CATALOG_PORT), HOST, REGISTRY_URL: registryUrlOf(config), INSTANCE_ID: undefined },
  });
}

export function waitGatewayReady(gateway: LaunchedProcess, config: PlatformConfig, timeoutMs: number): Promise<void> {
  return waitForUrl(`${registryUrlOf(config)}/registry`, { timeoutMs, process: gateway });
}

/** Ready means it can take work: order-service's and catalog-service's own `ready` (Kafka and database answer). */
export function waitServiceReady(
  child: LaunchedProcess,
  service: 'order-service' | 'catalog-service',
  port: number,
  timeoutMs: number,
): Promise<void> {
  return waitForUrl(`http://${HOST}:${port}/${service}/ready`, { timeoutMs, process: child, intervalMs: 300 });
}

interface RegistryListing {
  services: Record<string, Array<{ url: string; status: string }>>;
}

/** Until the gateway's registry lists the instance as up, i.e. the gateway routes to it. */
export function waitRegistered(
  config: PlatformConfig,
  service: string,
  port: number,
  options: { timeoutMs: number; process?: LaunchedProcess },
): Promise<void> {
  const url = `http://${HOST}:${port}`;
  return waitForUrl(`${registryUrlOf(config)}/registry`, {
    timeoutMs: options.timeoutMs,
    process: options.process,
    accept: (status, body) =>
      status === 200 &&
      ((JSON.parse(body) as RegistryListing).services[service] ?? []).some(
        (instance) => instance.url === url && instance.status === 'up',
      ),
  });
}
