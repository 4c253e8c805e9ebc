import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { registeredInstance } from './registered-instance.js';

const config = {
  CATALOG_HOST: '127.0.0.1',
  CATALOG_ADVERTISED_HOST: '',
  CATALOG_PORT: 8090,
  CATALOG_SHUTDOWN_TIMEOUT_MS: 1234,
  REGISTRY_URL: 'http://127.0.0.1:8001',
  REGISTRY_HEARTBEAT_MS: 500,
  REGISTRY_SECRET: 's3cret',
};

describe('registeredInstance', () => {
  it('when a service has the prefixed keys, then its timeout and registry come from them', () => {
    const instance = registeredInstance('CATALOG');
    expect(instance.shutdownTimeoutMs(config)).toBe(1234);
    expect(instance.registry(config)).toEqual({ url: 'http://127.0.0.1:8001', heartbeatMs: 500, secret: 's3cret' });
    expect(() => instance.check(config)).not.toThrow();
  });

  it('when the prefixed host is a wildcard with nothing advertised, then the check is a configuration error', () => {
    const check = () => registeredInstance('CATALOG').check({ ...config, CATALOG_HOST: '0.0.0.0' });
    expect(check).toThrow(ConfigError);
    expect(check).toThrow(/CATALOG_ADVERTISED_HOST: required when CATALOG_HOST=0\.0\.0\.0/);
  });
});
