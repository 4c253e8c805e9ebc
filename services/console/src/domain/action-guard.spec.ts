import { describe, expect, it } from 'vitest';
import { actionPolicy, isLoopback, judgeAction } from './action-guard.js';

describe('who may pause, resume and restart a connector', () => {
  it('when a host is 127.x, ::1 or localhost, then it is loopback; anything else is not', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.10', 'example.org', '128.0.0.1'].some(isLoopback)).toBe(false);
  });

  it('when the console and the internal port bind loopback, then no token is needed', () => {
    const policy = actionPolicy({ boundHosts: ['127.0.0.1', '::1'], token: '' });
    expect(policy.tokenRequired).toBe(false);
    expect(judgeAction(policy, undefined)).toBe('allowed');
  });

  it('when either binds another address and no token is configured, then every action is refused', () => {
    const policy = actionPolicy({ boundHosts: ['127.0.0.1', '0.0.0.0'], token: '' });
    expect(policy.tokenRequired).toBe(true);
    expect(judgeAction(policy, undefined)).toBe('no-token-configured');
    expect(judgeAction(policy, '')).toBe('no-token-configured');
    expect(judgeAction(policy, 'anything')).toBe('no-token-configured');
  });

  it('when a token is configured, then only that token is allowed', () => {
    const policy = actionPolicy({ boundHosts: ['10.0.0.5', '127.0.0.1'], token: 's3cret' });
    expect(judgeAction(policy, undefined)).toBe('token-missing');
    expect(judgeAction(policy, 's3cre')).toBe('token-wrong');
    expect(judgeAction(policy, 's3cret-and-more')).toBe('token-wrong');
    expect(judgeAction(policy, 's3cret')).toBe('allowed');
  });
});
