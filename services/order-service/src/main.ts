import { registeredInstance, runService } from '@order-platform/service-kit';
import { startOrderService } from './composition-root.js';
import { orderServiceConfigSchema } from './config.js';
import { testSeamsFromEnv } from './test-seams.js';

/**
 * `tsx services/order-service/src/main.ts`: one order-service instance, through the services' one
 * skeleton (service-kit's runService). Exit code 0 when every request got its answer and every
 * order was published, 1 when the deadline cut requests off, 3 when orders in doubt were logged.
 */
await runService({
  name: 'order-service',
  configSchema: orderServiceConfigSchema,
  ...registeredInstance('ORDER'),
  start: (config, logger) => startOrderService(config, logger, testSeamsFromEnv(logger)),
});
