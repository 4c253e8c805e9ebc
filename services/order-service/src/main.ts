import { registeredInstance, runService } from '@order-platform/service-kit/skeleton';
import { orderServiceConfigSchema } from './config.js';

/**
 * `tsx services/order-service/src/main.ts`: one order-service instance, through the services' one
 * skeleton (service-kit's runService). Exit code 0 when every request got its answer and every
 * order was published, 1 when the deadline cut requests off, 3 when orders in doubt were logged.
 * The composition root is imported only when runService starts it, after tracing started: express
 * and kafkajs are instrumented as they load, never after (service-kit's tracing.ts).
 */
await runService({
  name: 'order-service',
  configSchema: orderServiceConfigSchema,
  ...registeredInstance('ORDER'),
  start: async (config, logger) => {
    const [{ startOrderService }, { testSeamsFromEnv }] = await Promise.all([
      import('./composition-root.js'),
      import('./test-seams.js'),
    ]);
    return startOrderService(config, logger, testSeamsFromEnv(logger));
  },
});
