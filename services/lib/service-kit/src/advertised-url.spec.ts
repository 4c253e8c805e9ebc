import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { advertisedUrl } from './advertised-url.js';

describe('advertisedUrl', () => {
  it('when HOST is a plain address and nothing is advertised, then HOST is registered', () => {
    expect(advertisedUrl({ HOST: '127.0.0.1', ADVERTISED_HOST: '' }, 8081)).toBe('http://127.0.0.1:8081');
  });

  it('when HOST is a wildcard and ADVERTISED_HOST is set, then the advertised address is registered', () => {
    expect(advertisedUrl({ HOST: '0.0.0.0', ADVERTISED_HOST: '10.20.0.3' }, 8082)).toBe('http://10.20.0.3:8082');
    expect(advertisedUrl({ HOST: '::', ADVERTISED_HOST: 'fd00::3' }, 8082)).toBe('http://[fd00::3]:8082');
  });

  it.each(['0.0.0.0', '::'])(
    'when HOST is %s and nothing is advertised, then it is a configuration error naming ADVERTISED_HOST',
    (host) => {
      const error = (() => {
        try {
          return advertisedUrl({ HOST: host, ADVERTISED_HOST: '' }, 8081);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(`ADVERTISED_HOST: required when HOST=${host}`);
    },
  );
});
