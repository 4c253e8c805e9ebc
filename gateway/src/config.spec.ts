import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@order-platform/service-kit';
import { checkGatewayConfig, gatewayConfigSchema } from './config.js';

const check = (env: Record<string, string>) => () => checkGatewayConfig(loadConfig(gatewayConfigSchema, env));

describe('checkGatewayConfig', () => {
  it('when the registry stays on loopback, then no secret is needed', () => {
    expect(check({ REGISTRY_HOST: '127.0.0.1' })).not.toThrow();
    expect(check({ REGISTRY_HOST: '::1' })).not.toThrow();
  });

  it('when the registry binds another address, then a secret is required, and with one it is fine', () => {
    expect(check({ REGISTRY_HOST: '10.0.0.5' })).toThrow(ConfigError);
    expect(check({ REGISTRY_HOST: '0.0.0.0' })).toThrow(/REGISTRY_SECRET: required when REGISTRY_HOST=0\.0\.0\.0/);
    expect(check({ REGISTRY_HOST: '0.0.0.0', REGISTRY_SECRET: 'long-random' })).not.toThrow();
  });

  it('when the header timeout exceeds the request timeout, then the check names it', () => {
    expect(check({ GATEWAY_HEADERS_TIMEOUT_MS: '5000', GATEWAY_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      /GATEWAY_HEADERS_TIMEOUT_MS/,
    );
  });

  it('when nothing is set, then every guard but the rate limit is on with its default', () => {
    expect(loadConfig(gatewayConfigSchema, {})).toMatchObject({
      REGISTRY_SECRET: '',
      GATEWAY_RATE_LIMIT_PER_SECOND: 0,
      GATEWAY_HEADERS_TIMEOUT_MS: 10_000,
      GATEWAY_REQUEST_TIMEOUT_MS: 60_000,
      GATEWAY_MAX_CONNECTIONS_PER_CLIENT: 1024,
      GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE: 512,
    });
  });
});
