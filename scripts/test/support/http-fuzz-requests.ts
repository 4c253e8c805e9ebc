import fc from 'fast-check';

/**
 * Generated requests for the gateway: arbitrary paths (dot segments, encoded slashes, double
 * encoding, unicode, very long, query strings), methods, headers (content types, garbage request
 * ids, large values within Node's 16 KiB header limit) and bodies (any JSON, wrong types,
 * near-int32 overflows, fractions, negatives, huge strings, bytes), with user ids that carry the
 * run's prefix so the test can count what reached the table and the topics per user.
 * Everything is within what node:http lets a client send: a raw path of \x21-\xff, header values
 * without CR/LF, any method token but CONNECT (a tunnel, not a request). Headers stay within
 * Node's 16 KiB (past it the gateway answers 431, covered in gateway/test/request-framing.test.ts).
 */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body in pieces without content-length (chunked). */
  chunked: boolean;
  /** The request is a well-formed order any instance must accept (201 or 202). */
  validOrder: boolean;
  /** For requests to a run user's orders: the user id the instance sees (decoded). */
  userId?: string;
}

const INT32_MAX = 2 ** 31 - 1;
const PRODUCTS = ['CATALOG-0001', 'CATALOG-0002', 'CATALOG-0003'];

/** Node's http client accepts path bytes \x21-\xff only; unicode goes percent-encoded (or raw latin1). */
const rawSafe = (text: string) =>
  [...text].map((ch) => (/^[\x21-\x7e]$/.test(ch) && !'?#'.includes(ch) ? ch : encodeURIComponent(ch))).join('');

const trickySegment = fc.oneof(
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

const query = fc.oneof(
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

const methods = fc.oneof(
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

const contentTypes = fc.oneof(
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

const extraHeaders = fc.record(
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

const validOrderBody = fc
  .record({
    productId: fc.constantFrom(...PRODUCTS),
    qty: fc.integer({ min: 1, max: 3 }),
    unitPrice: fc.integer({ min: 1, max: 2000 }),
  })
  .map((order) => ({ order, edge: false }));
/** Valid, at the edges: qty * unitPrice exactly int32's maximum, a 64-character product id. */
const edgeOrderBody = fc.constantFrom(
  { order: { productId: 'CATALOG-0001', qty: 1, unitPrice: INT32_MAX }, edge: true },
  { order: { productId: 'P'.repeat(64), qty: 1, unitPrice: 1 }, edge: true },
);

const isValidFactor = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= INT32_MAX;
const wrongNumber = fc
  .oneof(
    fc.constantFrom(0, -0, -1, -0.5, 1.5, 2 ** 31, INT32_MAX + 1, 2 ** 53, 1e308, Number.MIN_VALUE),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -(2 ** 31), max: 0 }),
    fc.constantFrom('1', '', null, true, [], {}, [1]),
  )
  .filter((value) => !isValidFactor(value));

const invalidOrderBody = fc.oneof(
  fc.record({ productId: fc.constantFrom(...PRODUCTS), qty: wrongNumber, unitPrice: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ productId: fc.constantFrom(...PRODUCTS), qty: fc.integer({ min: 1, max: 10 }), unitPrice: wrongNumber }),
  // qty * unitPrice just above int32.
  fc.constant({ productId: 'CATALOG-0002', qty: 46341, unitPrice: 46341 }),
  // Product ids the databases would not keep apart: a trailing space (PAD SPACE), an unpaired surrogate (stored as ? or U+FFFD).
  fc
    .constantFrom('CATALOG-0001 ', 'CATALOG-0002   ', 'CATALOG-0003\ud800', '\udc00')
    .map((productId) => ({ productId, qty: 1, unitPrice: 1 })),
  fc.record({
    productId: fc.oneof(
      fc.constantFrom('', '   ', '\t', 'P'.repeat(65)),
      fc.integer(),
      fc.constant(null),
      fc.string({ minLength: 65, maxLength: 300 }),
    ),
    qty: fc.constant(1),
    unitPrice: fc.constant(1),
  }),
  fc.record({
    productId: fc.constantFrom(...PRODUCTS),
    qty: fc.constant(1),
    unitPrice: fc.constant(1),
    extra: fc.jsonValue({ maxDepth: 1 }),
  }),
  fc.record({ productId: fc.constantFrom(...PRODUCTS) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);

const bodyBytes = fc.oneof(
  { weight: 5, arbitrary: invalidOrderBody.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '{',
        '{"productId":',
        '[',
        'nul',
        '{"a":1}{"b":2}',
        '\ufeff{}',
        '{"__proto__":{"qty":1}}',
        '{"productId":"CATALOG-0001","qty":1,"unitPrice":1,"qty":"x"}',
      )
      .map((s) => Buffer.from(s)),
  },
  // Past order-service's 16 kB limit, and far past it.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(17_000, 200_000)
      .map((n) => Buffer.from(JSON.stringify({ productId: 'x'.repeat(n), qty: 1, unitPrice: 1 }))),
  },
);

const headersFor = (contentType: string | undefined, extra: Record<string, string | undefined>) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
  if (contentType !== undefined) headers['content-type'] = contentType;
  return headers;
};

/** A POST or GET of a run user's orders: the requests that could change state. */
function orderRequest(prefix: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      user: userIdSegment(prefix),
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constant('POST') },
        { weight: 2, arbitrary: fc.constant('GET') },
        { weight: 1, arbitrary: methods },
      ),
      body: fc.oneof(
        {
          weight: 2,
          arbitrary: fc
            .oneof({ weight: 9, arbitrary: validOrderBody }, { weight: 1, arbitrary: edgeOrderBody })
            .map((valid) => ({ bytes: Buffer.from(JSON.stringify(valid.order)), valid: true })),
        },
        { weight: 5, arbitrary: bodyBytes.map((bytes) => ({ bytes, valid: false })) },
        { weight: 1, arbitrary: fc.constant({ bytes: undefined, valid: false }) },
      ),
      contentType: fc.option(contentTypes, { nil: undefined, freq: 8 }),
      extra: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extraHeaders }),
      query,
      chunked: fc.boolean(),
    })
    .map(({ user, method, body, contentType, extra, query: q, chunked }) => {
      const headers = headersFor(contentType, extra);
      const plainJson =
        contentType === 'application/json' &&
        !('content-encoding' in headers && headers['content-encoding'] !== 'identity') &&
        !('transfer-encoding' in headers);
      const validUser = /^(?!\.+$)[A-Za-z0-9._-]{1,64}$/.test(user.userId);
      const validOrder = method === 'POST' && body.valid && plainJson && validUser;
      return {
        method,
        path: `/order-service/${user.segment}/orders${q}`,
        headers,
        body: body.bytes,
        chunked,
        validOrder,
        userId: user.userId,
      };
    });
}

/** Anywhere: the gateway's own routes, the services' other routes, and paths that are tricks. */
const anyRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    start: fc.constantFrom(
      '/order-service/',
      '/catalog-service/',
      '/',
      '/registry/',
      '/order-service',
      '/catalog-service/catalogs/',
      '/order-service/health_check/',
      '//',
      '/ORDER-SERVICE/',
    ),
    segments: fc.array(trickySegment, { maxLength: 5 }),
    trailingSlash: fc.boolean(),
    query,
    method: methods,
    body: fc.option(bodyBytes, { nil: undefined, freq: 3 }),
    contentType: fc.option(contentTypes, { nil: undefined }),
    extra: fc.oneof(fc.constant({}), extraHeaders),
    chunked: fc.boolean(),
  })
  .map(({ start, segments, trailingSlash, query: q, method, body, contentType, extra, chunked }) => ({
    method,
    path: `${start}${segments.join('/')}${trailingSlash ? '/' : ''}${q}`,
    headers: headersFor(contentType, extra),
    body,
    chunked,
    validOrder: false,
  }));

/** Request line and headers well inside Node's 16 KiB limit (past it Node answers 431 itself). */
const HEADER_BUDGET = 12_000;
const headerBytes = (request: FuzzRequest) =>
  request.path.length +
  Object.entries(request.headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);

export function fuzzRequest(prefix: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .oneof({ weight: 3, arbitrary: orderRequest(prefix) }, { weight: 2, arbitrary: anyRequest })
    .filter((request) => headerBytes(request) < HEADER_BUDGET);
}
