import type { FieldProblem } from '@order-platform/service-kit';

/** Most orders one page may hold: a 1,000-order page is the seed-sized list the bench measures. */
export const PAGE_LIMIT_MAX = 1000;
/** The page size of a request that names a cursor but no limit. */
export const PAGE_LIMIT_DEFAULT = 100;

export interface PageQuery {
  limit: number;
  /** The write sequence the page starts after; 0 for the first page. */
  after: number;
}

export type ParsedPageQuery = { ok: true; value: PageQuery | undefined } | { ok: false; problems: FieldProblem[] };

const CURSOR_PREFIX = 'o1.';
const SEQUENCE = /^[1-9]\d{0,15}$/;

/**
 * The cursor is opaque to clients (they only follow `Link: rel="next"`): base64url of a versioned
 * write sequence, so the format can change without clients parsing it.
 */
export function encodeCursor(after: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${after}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX)) return undefined;
  const sequence = text.slice(CURSOR_PREFIX.length);
  return SEQUENCE.test(sequence) ? Number(sequence) : undefined;
}

/**
 * `?limit=N` (1..1000) and `after={cursor}` of `GET /{userId}/orders`. Neither: undefined, the whole
 * list as in the seed. Other query parameters are ignored, as they always were.
 */
export function parsePageQuery(query: Record<string, unknown>): ParsedPageQuery {
  const { limit, after } = query;
  if (limit === undefined && after === undefined) return { ok: true, value: undefined };
  const problems: FieldProblem[] = [];
  let pageLimit = PAGE_LIMIT_DEFAULT;
  if (limit !== undefined) {
    if (typeof limit === 'string' && /^\d{1,4}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= PAGE_LIMIT_MAX)
      pageLimit = Number(limit);
    else problems.push({ name: 'limit', reason: `must be one whole number from 1 to ${PAGE_LIMIT_MAX}` });
  }
  let start = 0;
  if (after !== undefined) {
    const decoded = typeof after === 'string' ? decodeCursor(after) : undefined;
    if (decoded === undefined) problems.push({ name: 'after', reason: 'must be the cursor of a Link rel="next"' });
    else start = decoded;
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { limit: pageLimit, after: start } };
}

/** The `Link` header of a page that has a next one (RFC 8288). */
export function nextPageLink(userId: string, limit: number, next: number): string {
  return `</order-service/${encodeURIComponent(userId)}/orders?limit=${limit}&after=${encodeCursor(next)}>; rel="next"`;
}
