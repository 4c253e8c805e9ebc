import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';
import { TokenBuckets, type TokenBucketPolicy } from '../domain/token-bucket.js';

/** True: go on; false: it was answered 429 and must reach no instance. */
export type RateLimit = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface RateLimitOptions extends TokenBucketPolicy {
  /** address: the client address; user: the path segment after the service when the path goes deeper. */
  key: 'address' | 'user';
  onLimited: () => void;
  now?: () => number;
}

const POLICY = 'gateway';

/**
 * The public port's rate limit: a token bucket per client, answered in the IETF httpapi RateLimit
 * header fields, draft-ietf-httpapi-ratelimit-headers-10: `RateLimit-Policy: "gateway";q={burst};w={seconds
 * a burst takes to refill}` and `RateLimit: "gateway";r={tokens left};t={seconds until the bucket is full}`,
 * on every answer, the instances' too. Off (undefined, nothing on the hot path) when the rate is 0.
 */
export function createRateLimit(options: RateLimitOptions): RateLimit | undefined {
  if (options.perSecond <= 0) return undefined;
  const buckets = new TokenBuckets(options, options.now);
  const policy = `"${POLICY}";q=${options.burst};w=${Math.max(1, Math.ceil(options.burst / options.perSecond))}`;
  const keyOf = options.key === 'user' ? userKey : addressKey;
  return (req, res) => {
    const taken = buckets.take(keyOf(req));
    res.setHeader('ratelimit-policy', policy);
    res.setHeader('ratelimit', `"${POLICY}";r=${taken.remaining};t=${taken.resetS}`);
    if (taken.allowed) return true;
    options.onLimited();
    const problem = gatewayErrors.create(
      'rate-limited',
      `Over ${options.perSecond} requests per second (burst ${options.burst}); retry in ${taken.retryAfterS} s.`,
    );
    sendProblem(req, res, problem, { 'retry-after': String(taken.retryAfterS) });
    return false;
  };
}

const addressKey = (req: IncomingMessage) => `a ${req.socket.remoteAddress ?? ''}`;

/** `/order-service/{userId}/orders...` → the user; a path that ends at its second segment is the address's. */
function userKey(req: IncomingMessage): string {
  const path = req.url ?? '';
  const first = path.indexOf('/', 1);
  const second = first < 0 ? -1 : path.indexOf('/', first + 1);
  return second < 0 ? addressKey(req) : `u ${path.slice(first + 1, second)}`;
}
