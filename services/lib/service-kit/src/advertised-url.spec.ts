import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { advertisedKeys, advertisedUrl } from './advertised-url.js';

describe('advertisedUrl', () => {
  it('when the host is a plain address and nothing is advertised, then the host is registered', () => {
    expect(advertisedUrl('ORDER', { ORDER_HOST: '127.0.0.1', ORDER_ADVERTISED_HOST: '' }, 8081)).toBe(
      'http://127.0.0.1:8081',
    );
  });

  it('when the host is a wildcard and an address is advertised, then the advertised address is registered', () => {
    expect(advertisedUrl('ORDER', { ORDER_HOST: '0.0.0.0', ORDER_ADVERTISED_HOST: '10.20.0.3' }, 8082)).toBe(
      'http://10.20.0.3:8082',
    );
    expect(advertisedUrl('CATALOG', { CATALOG_HOST: '::', CATALOG_ADVERTISED_HOST: 'fd00::3' }, 8082)).toBe(
      'http://[fd00::3]:8082',
    );
  });

  it.each(['0.0.0.0', '::'])(
    'when the host is %s and nothing is advertised, then it is a configuration error naming the prefixed key',
    (host) => {
      const error = (() => {
        try {
          return advertisedUrl('CATALOG', { CATALOG_HOST: host, CATALOG_ADVERTISED_HOST: '' }, 8081);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`CATALOG_ADVERTISED_HOST: required when CATALOG_HOST=${host}`);
    },
  );

  it('when the keys are made for a prefix, then the one key carries that prefix and defaults to empty', () => {
    const keys = advertisedKeys('ORDER');
    expect(Object.keys(keys)).toEqual(['ORDER_ADVERTISED_HOST']);
    expect(keys.ORDER_ADVERTISED_HOST.parse(undefined)).toBe('');
    expect(keys.ORDER_ADVERTISED_HOST.description).toContain('ORDER_HOST');
  });
});
