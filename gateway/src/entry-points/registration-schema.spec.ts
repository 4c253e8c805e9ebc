import { describe, expect, it } from 'vitest';
import { INSTANCE_ID, registrationSchema } from './registration-schema.js';

const schema = registrationSchema(['127.0.0.1', 'localhost', '::1']);

describe('registrationSchema', () => {
  it.each([
    ['http://127.0.0.1:8081', 'http://127.0.0.1:8081'],
    ['http://localhost:8082/', 'http://localhost:8082'],
    ['http://[::1]:8083', 'http://[::1]:8083'],
  ])('when the URL is %s, then it is accepted as the origin %s', (url, origin) => {
    expect(schema.parse({ url })).toEqual({ url: origin });
  });

  it.each([
    'https://127.0.0.1:8081',
    'http://10.0.0.5:8081',
    'http://example.com:8081',
    'http://user:pw@127.0.0.1:8081',
    'http://127.0.0.1:8081/admin',
    'http://127.0.0.1:8081?x=1',
    'file:///etc/passwd',
    'not a url',
  ])('when the URL is %s, then it is rejected', (url) => {
    expect(schema.safeParse({ url }).success).toBe(false);
  });

  it('when an instance registers a wildcard address, then it is rejected even where the host list allows it', () => {
    const lax = registrationSchema(['0.0.0.0', '::', '127.0.0.1']);
    for (const url of ['http://0.0.0.0:8081', 'http://[::]:8081']) {
      const result = lax.safeParse({ url });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('ADVERTISED_HOST');
    }
  });

  it('when the url is missing or not a string, then it is rejected', () => {
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ url: 8081 }).success).toBe(false);
  });

  it('when an instance id has separators or is too long, then it does not match', () => {
    expect(INSTANCE_ID.test('order-service-8081')).toBe(true);
    expect(INSTANCE_ID.test('host:8081@1234')).toBe(true);
    expect(INSTANCE_ID.test('a/b')).toBe(false);
    expect(INSTANCE_ID.test('x'.repeat(129))).toBe(false);
  });
});
