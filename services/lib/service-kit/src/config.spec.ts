import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, describeConfig, env, loadConfig } from './config.js';

const schema = z.object({
  HTTP_PORT: env.port(8081, 'port the HTTP server listens on'),
  KAFKA_BROKERS: env.list('127.0.0.1:9092', 'comma-separated Kafka bootstrap servers'),
  SERVICE_NAME: env.string('orders', 'name in logs'),
});

describe('loadConfig', () => {
  it('when nothing is set, then every key takes its default', () => {
    expect(loadConfig(schema, {})).toEqual({
      HTTP_PORT: 8081,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      SERVICE_NAME: 'orders',
    });
  });

  it('when values are set, then they are coerced and unrelated variables are ignored', () => {
    const config = loadConfig(schema, { HTTP_PORT: '9000', KAFKA_BROKERS: 'a:1, b:2', PATH: '/bin' });
    expect(config.HTTP_PORT).toBe(9000);
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config).not.toHaveProperty('PATH');
  });

  it('when a variable is set to an empty string, then the default applies', () => {
    expect(loadConfig(schema, { HTTP_PORT: '' }).HTTP_PORT).toBe(8081);
  });

  it('when a value is invalid, then the error names the key and its description', () => {
    expect(() => loadConfig(schema, { HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { HTTP_PORT: '70000' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).message).toContain('HTTP_PORT');
      expect((error as ConfigError).message).toContain('port the HTTP server listens on');
    }
  });
});

describe('describeConfig', () => {
  it('when described, then each key has its default and description', () => {
    expect(describeConfig(schema)).toContainEqual({
      key: 'HTTP_PORT',
      defaultValue: '8081',
      description: 'port the HTTP server listens on',
    });
    expect(describeConfig(schema).find((row) => row.key === 'KAFKA_BROKERS')).toEqual({
      key: 'KAFKA_BROKERS',
      defaultValue: '127.0.0.1:9092',
      description: 'comma-separated Kafka bootstrap servers',
    });
  });
});
