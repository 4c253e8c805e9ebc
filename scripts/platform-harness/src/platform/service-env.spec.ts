import { describe, expect, it } from 'vitest';
import { catalogEnv, consoleEnv, gatewayEnv, orderEnv } from './service-env.js';

describe('the environment the harness gives each deployable', () => {
  it('when the gateway starts, then it gets its own prefixed keys and the registry port', () => {
    expect(gatewayEnv(31_000, 31_001)).toEqual({
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: '31000',
      REGISTRY_PORT: '31001',
    });
    expect(gatewayEnv(31_000, 31_001, 5000)).toMatchObject({ GATEWAY_SHUTDOWN_GRACE_MS: '5000' });
    expect(gatewayEnv(31_000, 31_001, undefined, 31_003)).toMatchObject({ CONSOLE_URL: 'http://127.0.0.1:31003' });
  });

  it('when the console starts, then its keys are CONSOLE_ ones and it reads the registry', () => {
    expect(consoleEnv({ port: 31_003, registryUrl: 'http://127.0.0.1:31001' })).toEqual({
      CONSOLE_HOST: '127.0.0.1',
      CONSOLE_PORT: '31003',
      REGISTRY_URL: 'http://127.0.0.1:31001',
    });
  });

  it('when an order instance starts, then host, port, advertised host and slot are ORDER_ keys', () => {
    const env = orderEnv({ port: 31_003, registryUrl: 'http://127.0.0.1:31001', instanceId: 'order-2' });
    expect(env).toEqual({
      ORDER_HOST: '127.0.0.1',
      ORDER_PORT: '31003',
      ORDER_ADVERTISED_HOST: '127.0.0.1',
      ORDER_INSTANCE_ID: 'order-2',
      REGISTRY_URL: 'http://127.0.0.1:31001',
    });
  });

  it('when catalog-service starts, then its keys are CATALOG_ ones and an inherited instance id is removed', () => {
    const env = catalogEnv({ port: 31_002, registryUrl: 'http://127.0.0.1:31001', shutdownMs: 9000 });
    expect(env).toEqual({
      CATALOG_HOST: '127.0.0.1',
      CATALOG_PORT: '31002',
      CATALOG_ADVERTISED_HOST: '127.0.0.1',
      CATALOG_INSTANCE_ID: undefined,
      CATALOG_SHUTDOWN_TIMEOUT_MS: '9000',
      REGISTRY_URL: 'http://127.0.0.1:31001',
    });
    expect('CATALOG_INSTANCE_ID' in env).toBe(true);
  });
});
