import { describe, expect, it } from 'vitest';
import { UpstreamTimeoutError, failureKind, isRetryable, showsInstanceDead } from './upstream-failure.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('upstream failures', () => {
  it('when errors come from the socket, then they are classified by code', () => {
    expect(failureKind(errno('ECONNREFUSED'))).toBe('refused');
    expect(failureKind(errno('ECONNRESET'))).toBe('reset');
    expect(failureKind(errno('EPIPE'))).toBe('reset');
    expect(failureKind(new UpstreamTimeoutError(10))).toBe('timeout');
    expect(failureKind(errno('HPE_INVALID_CONSTANT'))).toBe('other');
  });

  it('when the connection was refused, then any method is retried; after a reset only GET and HEAD are', () => {
    expect(['GET', 'HEAD', 'POST', 'PUT'].map((method) => isRetryable('refused', method))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['GET', 'HEAD', 'POST', 'DELETE'].map((method) => isRetryable('reset', method))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(isRetryable('timeout', 'GET')).toBe(false);
    expect(isRetryable('other', 'GET')).toBe(false);
  });

  it('when a reused keep-alive socket is reset, then the instance is not declared dead', () => {
    expect(showsInstanceDead('refused', false)).toBe(true);
    expect(showsInstanceDead('reset', false)).toBe(true);
    expect(showsInstanceDead('reset', true)).toBe(false);
    expect(showsInstanceDead('timeout', false)).toBe(false);
  });
});
