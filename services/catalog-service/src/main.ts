import { registeredInstance, runService } from '@order-platform/service-kit/skeleton';
import { catalogConfigSchema } from './config.js';

/**
 * `tsx services/catalog-service/src/main.ts`: catalog-service, through the services' one skeleton (runService).
 * The composition root is imported only when runService starts it, after tracing started: express and
 * kafkajs are instrumented as they load, never after (service-kit's tracing.ts).
 */
await runService({
  name: 'catalog-service',
  configSchema: catalogConfigSchema,
  ...registeredInstance('CATALOG'),
  start: async (config, logger) => (await import('./composition-root.js')).startCatalogService(config, logger),
});
