import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The registry's credential: a shared secret sent as `Authorization: Bearer {secret}`. With no secret
 * configured the registry is open, which the configuration check allows only on a loopback address.
 */
export type CredentialVerdict = 'open' | 'accepted' | 'missing' | 'wrong';

export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function judgeCredential(secret: string, authorization: string | undefined): CredentialVerdict {
  if (secret === '') return 'open';
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return 'missing';
  // Compared in constant time, on digests so that the lengths match and the secret's length stays hidden.
  return timingSafeEqual(digest(presented), digest(secret)) ? 'accepted' : 'wrong';
}
