import { runService } from '@order-platform/service-kit';
import { startGateway } from './composition-root.js';
import { gatewayConfigSchema } from './config.js';

/** `tsx gateway/src/main.ts`: the gateway, through the services' one skeleton (service-kit's runService). */
await runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  shutdownTimeoutMs: (config) => config.GATEWAY_SHUTDOWN_GRACE_MS,
  start: startGateway,
});
