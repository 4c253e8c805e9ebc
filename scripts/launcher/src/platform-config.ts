import { z } from 'zod';
import { env } from '@order-platform/service-kit';
import type { PlatformPorts } from '@order-platform/platform-harness';

/**
 * What `pnpm start` and `pnpm start:order` need to know; every key is an environment variable.
 * GATEWAY_PORT and CATALOG_PORT are the very keys the gateway and catalog-service read.
 */
export const platformConfigSchema = z.object({
  ORDER_INSTANCES: env.int(2, 'order-service instances `pnpm start` runs (or `pnpm start -- --orders N`)', 1),
  GATEWAY_PORT: env.port(8000, 'public port of the gateway (the only public entry of the platform)'),
  REGISTRY_PORT: env.port(8001, "the gateway's internal registry port (the services get REGISTRY_URL from it)"),
  ORDER_BASE_PORT: env.port(8081, 'first port tried for order-service instances; ports in use are skipped'),
  CATALOG_PORT: env.port(8090, "catalog-service's port"),
  CONSOLE_PORT: env.port(8002, "the console's own port; the gateway's internal port forwards / and /console/** to it"),
  START_TIMEOUT_S: env.int(120, 'how long `pnpm start` waits for each process to be ready', 5),
  STOP_GRACE_S: env.int(30, 'after SIGTERM, how long a process may take to stop before it gets SIGKILL', 1),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export function platformPorts(config: PlatformConfig): PlatformPorts {
  return {
    gateway: config.GATEWAY_PORT,
    registry: config.REGISTRY_PORT,
    catalog: config.CATALOG_PORT,
    console: config.CONSOLE_PORT,
    orderBase: config.ORDER_BASE_PORT,
  };
}
