import { isServiceName, type ServiceName } from './services.js';

export type RouteDecision =
  { kind: 'route'; service: ServiceName } | { kind: 'not-found' } | { kind: 'bad-path'; reason: string };

// Backslashes, whitespace, control characters and '#' never belong in a request path: some
// servers read '\' as '/', and the rest are smuggling attempts.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const FORBIDDEN_RAW = /[\\\s\x00-\x1f\x7f#]/;
const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/;
// After one decoding a segment must not hide a separator, a NUL or another encoded dot, slash or
// backslash (double encoding).
// eslint-disable-next-line no-control-regex -- a decoded NUL is exactly what this rejects
const FORBIDDEN_DECODED = /[/\\\x00]|%(2e|2f|5c|00)/i;

/**
 * Decides where a raw request target goes, without rewriting it: a path that would mean something
 * else after normalisation (dot segments, encoded or doubled slashes, backslashes) is rejected, so
 * the path sent upstream is byte for byte the one that was routed. Pure and cheap: one split, and
 * percent-decoding only of segments that contain '%'.
 */
export function routePath(rawUrl: string): RouteDecision {
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path.charCodeAt(0) !== 47 /* '/' */) return { kind: 'bad-path', reason: 'not an origin-form path' };
  if (FORBIDDEN_RAW.test(path)) return { kind: 'bad-path', reason: 'backslash, whitespace, control character or #' };

  const segments = path.split('/');
  // segments[0] is the empty string before the leading '/'; an empty last segment is a trailing slash.
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '') {
      if (i < segments.length - 1) return { kind: 'bad-path', reason: 'empty segment (double slash)' };
      continue;
    }
    const problem = segmentProblem(segment);
    if (problem) return { kind: 'bad-path', reason: problem };
  }

  const service = segments[1]!;
  return isServiceName(service) ? { kind: 'route', service } : { kind: 'not-found' };
}

function segmentProblem(segment: string): string | undefined {
  let decoded = segment;
  if (segment.includes('%')) {
    if (MALFORMED_PERCENT.test(segment)) return 'malformed percent-encoding';
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'percent-encoding is not UTF-8';
    }
    if (FORBIDDEN_DECODED.test(decoded)) return 'encoded slash, backslash, NUL or double encoding';
  }
  // '..;' and '.;x' are dot segments to servers that strip path parameters.
  if (decoded.charCodeAt(0) === 46 /* '.' */) {
    const beforeParameters = decoded.split(';', 1)[0];
    if (beforeParameters === '.' || beforeParameters === '..') return 'dot segment';
  }
  return undefined;
}
