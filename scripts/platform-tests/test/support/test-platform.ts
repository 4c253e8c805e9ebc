import { loadInfraConfig } from '@order-platform/infra';
import {
  Platform,
  catalogResources,
  catalogResourcesEnv,
  createCatalogResources,
  dropCatalogResources,
  type CatalogResources,
  type Env,
  type PlatformPorts,
} from '@order-platform/platform-harness';
import { uniqueId } from '@order-platform/test-kit';

export const infra = loadInfraConfig();

export interface TestPlatform {
  platform: Platform;
  /** The catalog topic, dead-letter topic, group and database of this platform's own. */
  catalog: CatalogResources;
  /** Every output line of every process, prefixed with its name (`order-31003 | ...`). */
  lines: string[];
  gatewayUrl: string;
  ports: PlatformPorts;
  orderPorts: number[];
  stop(): Promise<void>;
}

/**
 * The real gateway, two order-service instances and catalog-service as processes on ports of their
 * own (the first free ones from `firstPort`), on the run's pipeline, with a catalog topic,
 * dead-letter topic, consumer group and catalog database of their own, so the seed's catalog
 * starts at its seed stock and no other test is touched. `stop` removes them again.
 */
export async function startTestPlatform(
  name: string,
  options: {
    firstPort: number;
    env?: Env;
    /**
     * The two order instances' slot ids (default order-1, order-2). Two platforms running at once on
     * the run's orders topic need slots of their own: one Kafka transactional id per live instance (I12).
     */
    orderIds?: [string, string];
    /** Start the console too (services/console, behind the gateway's internal port). */
    console?: boolean;
  },
): Promise<TestPlatform> {
  const catalog = catalogResources(uniqueId(name));
  await createCatalogResources(infra, catalog);
  const lines: string[] = [];
  const platform = new Platform({
    ports: { from: options.firstPort },
    write: (line) => lines.push(line),
    color: false,
    env: { ...options.env, ...catalogResourcesEnv(catalog) },
    readyTimeoutMs: 150_000,
  });
  const stop = async () => {
    await platform.stop();
    await dropCatalogResources(infra, catalog);
  };
  try {
    if (options.orderIds) {
      await platform.startGateway();
      await Promise.all([
        ...options.orderIds.map((instanceId) => platform.startOrder({ instanceId })),
        platform.startCatalog(),
      ]);
    } else await platform.start(2, { console: options.console });
  } catch (error) {
    await stop();
    // The platform's output is kept in memory, not printed: without it, "exited (code 1)" says nothing.
    const output = lines.slice(-40).join('\n');
    throw new Error(`${(error as Error).message}\nlast lines of its processes:\n${output}`, { cause: error });
  }
  const orderPorts = platform.orders.map((instance) => instance.port);
  return { platform, catalog, lines, gatewayUrl: platform.gatewayUrl, ports: platform.ports, orderPorts, stop };
}
