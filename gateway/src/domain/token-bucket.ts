/** How fast a client may go: `burst` requests at once, then `perSecond` sustained. */
export interface TokenBucketPolicy {
  burst: number;
  perSecond: number;
  /** Most clients remembered at once (memory bound); a client forgotten early starts with a full bucket. */
  maxClients: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the next token (0 when allowed): the 429's Retry-After. */
  retryAfterS: number;
  /** Seconds until the bucket is full again. */
  resetS: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was computed (clock ms). */
  at: number;
}

/**
 * One token bucket per client key. A bucket refills continuously; a full one is the same as none, so
 * idle clients are forgotten (sweep) and memory follows the clients that are actually spending tokens.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly fullAfterMs: number;
  private sweptAt: number;

  constructor(
    private readonly policy: TokenBucketPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = policy.perSecond / 1000;
    this.fullAfterMs = policy.burst / this.perMs;
    this.sweptAt = now();
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): TakeResult {
    const now = this.now();
    // Sweeping once per refill period keeps the cost per request constant on average.
    if (now - this.sweptAt >= this.fullAfterMs) this.sweep(now);
    const { burst, perSecond } = this.policy;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.policy.maxClients) this.makeRoom(now);
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      remaining: Math.floor(bucket.tokens),
      retryAfterS: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
      resetS: Math.ceil((burst - bucket.tokens) / perSecond),
    };
  }

  /** Forgets every bucket that has refilled by now; returns how many. */
  sweep(now = this.now()): number {
    this.sweptAt = now;
    let dropped = 0;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.policy.burst) {
        this.buckets.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** At the bound: drop the idle, else the longest-known client (it gets a full bucket when it returns). */
  private makeRoom(now: number): void {
    if (this.sweep(now) > 0) return;
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
