/** Thrown into an upstream request that stayed idle longer than UPSTREAM_TIMEOUT_MS. */
export class UpstreamTimeoutError extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`upstream idle for ${timeoutMs} ms`);
  }
}

export type FailureKind = 'refused' | 'reset' | 'timeout' | 'other';

export function failureKind(error: Error & { code?: string }): FailureKind {
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'reset';
    default:
      return 'other';
  }
}

/**
 * Whether a failed attempt may go to another instance. Only failures before any response byte
 * count. A refused connection means the request provably never reached the instance, so any method
 * may be retried (the body is replayed from the gateway's copy). A reset may have come after the
 * instance started working, so only GET and HEAD (safe methods) are retried then; a POST gets a 502.
 */
export function isRetryable(kind: FailureKind, method: string | undefined): boolean {
  if (kind === 'refused') return true;
  return kind === 'reset' && (method === 'GET' || method === 'HEAD');
}

/**
 * Whether the failure says the instance is dead (mark it down until its next heartbeat). A reset
 * on a reused keep-alive socket is usually the instance closing an idle connection at the same
 * moment we reused it, which says nothing about its health.
 */
export function showsInstanceDead(kind: FailureKind, reusedSocket: boolean): boolean {
  return kind === 'refused' || (kind === 'reset' && !reusedSocket);
}
