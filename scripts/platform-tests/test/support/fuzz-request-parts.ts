import fc from 'fast-check';

/**
 * The pieces of the generated requests that are not bodies: paths (dot segments, encoded
 * slashes, double encoding, unicode, very long), user ids, query strings, methods, content types
 * and other headers, all within what node:http lets a client send.
 */
/** Node's http client accepts path bytes \x21-\xff only; unicode goes percent-encoded (or raw latin1). */
const rawSafe = (text: string) =>
  [...text].map((ch) => (/^[\x21-\x7e]$/.test(ch) && !'?#'.includes(ch) ? ch : encodeURIComponent(ch))).join('');

export const trickySegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E.',
    '.%2e',
    '%2f',
    '%2F',
    '%5c',
    '%252e%252e',
    '%252f',
    '..;',
    '.;x',
    '..;jsessionid=1',
    '%00',
    '%',
    '%zz',
    '%e9',
    '%c3%a9',
    'é',
    '~',
    '*',
    '%20',
    '+',
    '%2b',
  ),
  fc.webSegment(),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(rawSafe),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }).map(rawSafe),
  fc.integer({ min: 300, max: 2500 }).map((n) => 'a'.repeat(n)),
);

/** A user id: always the run's prefix, then anything from a valid-looking tail to garbage. */
export function userIdSegment(prefix: string): fc.Arbitrary<{ segment: string; userId: string }> {
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{0,12}$/).map((tail) => prefix + tail) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).map((tail) => prefix + tail) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 10 }).map((tail) => prefix + tail) },
      { weight: 1, arbitrary: fc.integer({ min: 40, max: 200 }).map((n) => prefix + 'x'.repeat(n)) },
    )
    .map((userId) => ({ userId, segment: encodeURIComponent(userId) }));
}

export const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.webQueryParameters().map((q) => `?${q}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?',
      '?a=%zz&&=',
      '?__proto__=1&constructor[prototype]=x',
      '?q=..%2f..%2f',
      `?${'k=v&'.repeat(500)}`,
      '?%00=%00',
    ),
  },
);

export const methods = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'PROPFIND',
      'MKCOL',
      'LOCK',
      'PURGE',
      'SEARCH',
      'QUERY',
      'TRACE',
      'REPORT',
      'M-SEARCH',
      'SUBSCRIBE',
      'LINK',
    ),
  },
  // Tokens Node's parser does not know: the gateway's clientError answer.
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z][A-Z_-]{0,11}$/) },
);

export const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;;',
      'application/problem+json',
      'application/vnd.api+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
      'json',
      '',
      ';;;',
      'application/json; charset="',
      'a/b; c=d; e',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }).map(headerSafe) },
);

/** Header values Node's client accepts: no CR, LF or other control characters but tab. */
function headerSafe(text: string): string {
  return text.replace(/[^\t\x20-\x7e]/g, '').trim();
}

export const extraHeaders = fc.record(
  {
    'x-request-id': fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 200 }).map(headerSafe),
      fc.uuid(),
      fc.constant('a'.repeat(129)),
      fc.stringMatching(/^[A-Za-z0-9._-]{1,128}$/),
    ),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'x-nonsense', 'gzip, gzip'),
    accept: fc.constantFrom(
      '*/*',
      'application/json',
      'text/html',
      'application/xml',
      '',
      'application/problem+json;q=0',
    ),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'unknown, <script>', ''),
    'x-forwarded-host': fc.constantFrom('evil.example', ''),
    'x-huge': fc.integer({ min: 1000, max: 8000 }).map((n) => 'h'.repeat(n)),
    cookie: fc.string({ unit: 'binary-ascii', maxLength: 100 }).map(headerSafe),
    upgrade: fc.constantFrom('websocket', 'h2c'),
    range: fc.constantFrom('bytes=0-1', 'bytes=a-b'),
  },
  { requiredKeys: [] },
);

export const headersFor = (contentType: string | undefined, extra: Record<string, string | undefined>) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
  if (contentType !== undefined) headers['content-type'] = contentType;
  return headers;
};
