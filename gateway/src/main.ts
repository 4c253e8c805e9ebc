import { runService } from '@order-platform/service-kit/skeleton';
import { checkGatewayConfig, gatewayConfigSchema } from './config.js';

/**
 * `tsx gateway/src/main.ts`: the gateway, through the services' one skeleton (service-kit's runService).
 * The composition root is imported only when runService starts it, after tracing started: node:http and
 * its client are instrumented as they load, never after (service-kit's tracing.ts).
 */
await runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  check: checkGatewayConfig,
  shutdownTimeoutMs: (config) => config.GATEWAY_SHUTDOWN_GRACE_MS,
  continueIncomingTraces: (config) => config.GATEWAY_TRUST_TRACEPARENT,
  start: async (config, logger) => (await import('./composition-root.js')).startGateway(config, logger),
});
