import fc from 'fast-check';
import { bodyBytes, edgeOrderBody, validOrderBody } from './fuzz-order-bodies.js';
import {
  contentTypes,
  extraHeaders,
  headersFor,
  methods,
  query,
  trickySegment,
  userIdSegment,
} from './fuzz-request-parts.js';

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

let keys = 0;
/**
 * Idempotency-Key headers (docs/design.md §3.2.2): valid ones are unique per request (a counter), so
 * each accepted POST is still one order of its own; invalid ones make any POST a 400.
 */
const idempotencyKey = fc.option(
  fc.oneof(
    { weight: 3, arbitrary: fc.uuid().map((uuid) => ({ value: `"${++keys}-${uuid}"`, valid: true })) },
    { weight: 1, arbitrary: fc.uuid().map((uuid) => ({ value: `k${++keys}-${uuid}`, valid: true })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('""', '"unterminated', 'two words', `"${'k'.repeat(256)}"`, '"a", "b"', '"\\x"x"')
        .map((value) => ({ value, valid: false })),
    },
  ),
  { nil: undefined, freq: 3 },
);

/** The routes of one order and its cancel, and the paging queries (issue 16); ids that are no order of the user. */
function orderResourceRequest(prefix: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      user: userIdSegment(prefix),
      id: fc.oneof(fc.uuid(), trickySegment),
      cancel: fc.boolean(),
      method: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: methods }),
      page: fc.constantFrom('', '?limit=1', '?limit=1000', '?limit=0', '?limit=-1', '?limit=abc', '?after=bzEuMQ'),
      body: fc.option(bodyBytes, { nil: undefined, freq: 3 }),
      contentType: fc.option(contentTypes, { nil: undefined }),
      chunked: fc.boolean(),
    })
    .map(({ user, id, cancel, method, page, body, contentType, chunked }) => ({
      method,
      path: `/order-service/${user.segment}/orders/${id}${cancel ? '/cancel' : ''}${page}`,
      headers: headersFor(contentType, {}),
      body,
      chunked,
      validOrder: false,
    }));
}

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
      key: idempotencyKey,
    })
    .map(({ user, method, body, contentType, extra, query: q, chunked, key }) => {
      const headers = headersFor(contentType, { ...extra, ...(key && { 'idempotency-key': key.value }) });
      const plainJson =
        contentType === 'application/json' &&
        !('content-encoding' in headers && headers['content-encoding'] !== 'identity') &&
        !('transfer-encoding' in headers);
      const validUser = /^(?!\.+$)[A-Za-z0-9._-]{1,64}$/.test(user.userId);
      const validOrder = method === 'POST' && body.valid && plainJson && validUser && (key?.valid ?? true);
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
    .oneof(
      { weight: 3, arbitrary: orderRequest(prefix) },
      { weight: 1, arbitrary: orderResourceRequest(prefix) },
      { weight: 2, arbitrary: anyRequest },
    )
    .filter((request) => headerBytes(request) < HEADER_BUDGET);
}
