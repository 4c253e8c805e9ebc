import { registeredInstance, runService } from '@order-platform/service-kit';
import { startCatalogService } from './composition-root.js';
import { catalogConfigSchema } from './config.js';

/** `tsx services/catalog-service/src/main.ts`: catalog-service, through the services' one skeleton (runService). */
await runService({
  name: 'catalog-service',
  configSchema: catalogConfigSchema,
  ...registeredInstance('CATALOG'),
  start: startCatalogService,
});
