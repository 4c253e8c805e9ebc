import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may press pause, resume and restart. On loopback only (the console and the gateway's internal
 * port both bound to 127.0.0.1 or ::1) whoever reaches the page is on this machine: no token. Bound
 * to any other address, the actions need CONSOLE_TOKEN, and with none configured they are refused.
 */
export interface ActionPolicy {
  tokenRequired: boolean;
  /** Empty: none configured. */
  token: string;
}

export type ActionVerdict = 'allowed' | 'no-token-configured' | 'token-missing' | 'token-wrong';

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export function actionPolicy(options: { boundHosts: readonly string[]; token: string }): ActionPolicy {
  return { tokenRequired: !options.boundHosts.every(isLoopback), token: options.token };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function judgeAction(policy: ActionPolicy, presented: string | undefined): ActionVerdict {
  if (!policy.tokenRequired) return 'allowed';
  if (policy.token === '') return 'no-token-configured';
  if (!presented) return 'token-missing';
  // Compared in constant time, on digests so that the lengths match.
  return timingSafeEqual(digest(presented), digest(policy.token)) ? 'allowed' : 'token-wrong';
}
