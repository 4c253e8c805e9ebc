import { describe, expect, it } from 'vitest';
import { isLoopbackHost, judgeCredential } from './registry-credential.js';

describe('registry credential', () => {
  it.each([
    ['', undefined, 'open'],
    ['', 'Bearer anything', 'open'],
    ['s3cret', undefined, 'missing'],
    ['s3cret', 'Basic czNjcmV0', 'missing'],
    ['s3cret', 'Bearer ', 'missing'],
    ['s3cret', 'Bearer s3cre', 'wrong'],
    ['s3cret', 'Bearer s3cret-and-more', 'wrong'],
    ['s3cret', 'Bearer s3cret', 'accepted'],
    ['s3cret', 'bearer s3cret', 'accepted'],
  ])('when the secret is %j and Authorization is %j, then the verdict is %s', (secret, header, verdict) => {
    expect(judgeCredential(secret, header)).toBe(verdict);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['gateway.internal', false],
  ])('when the registry binds %s, then loopback is %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
