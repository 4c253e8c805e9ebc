import { runService } from '@order-platform/service-kit/skeleton';
import { consoleConfigSchema } from './config.js';

/**
 * `tsx services/console/src/main.ts`: the console, through the services' one skeleton (runService).
 * It is not traced itself (`traced: false`): it polls every half second, and its reads would bury
 * the orders' traces in Zipkin. It reads the tracing keys only to link orders to their traces.
 */
await runService({
  name: 'console',
  configSchema: consoleConfigSchema,
  shutdownTimeoutMs: (config) => config.CONSOLE_SHUTDOWN_TIMEOUT_MS,
  traced: false,
  start: async (config, logger) => (await import('./composition-root.js')).startConsole(config, logger),
});
