import fc from 'fast-check';

/**
 * The fields of generated order records (support/consumer-fuzz-records.ts), valid or not as the
 * message contract says (docs/design.md, §5.2): each case carries its JSON token, whether the
 * contract accepts it, and why.
 */
const INT32_MAX = 2 ** 31 - 1;
export const json = (value: unknown) => JSON.stringify(value);

export interface FieldCase {
  token: string | undefined;
  ok: boolean;
  why: string;
}
export const ok = (token: string, why: string): FieldCase => ({ token, ok: true, why });
export const bad = (token: string | undefined, why: string): FieldCase => ({ token, ok: false, why });

/**
 * The contract for an id: 1 to 64 UTF-16 units, not blank, not ending with a space, no unpaired
 * surrogate (catalogdb would take 'a' and 'a ', or two unpaired surrogates, for the same id).
 */
export const validId = (prefix: string) =>
  fc
    .oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }))
    .map((suffix) => prefix + suffix)
    .filter((id) => id.length <= 64 && !id.endsWith(' '));
const wrongType = fc.oneof(
  fc.constant(bad(undefined, 'missing')),
  fc.constant(bad('null', 'null')),
  fc.boolean().map((b) => bad(String(b), 'a boolean')),
  fc
    .jsonValue({ maxDepth: 2 })
    .filter((v) => typeof v === 'object' && v !== null)
    .map((v) => bad(json(v), 'an object or array')),
);
export const invalidId = fc.oneof(
  wrongType,
  fc.integer().map((n) => bad(String(n), 'a number')),
  fc.constantFrom('""', '" "', '"\\t\\n "', '"\\u3000"').map((t) => bad(t, 'empty or blank')),
  fc.constantFrom('"a "', '"CATALOG-0001 "', '"x   "').map((t) => bad(t, 'ending with a space')),
  fc.constantFrom('"a\\ud800"', '"\\udc00b"', '"a\\udbffz"').map((t) => bad(t, 'an unpaired surrogate')),
  fc.string({ unit: 'grapheme-ascii', minLength: 65, maxLength: 200 }).map((s) => bad(json(`x${s}`), 'longer than 64')),
);

/** A JSON number token and the value JavaScript reads from it. */
const numberToken = (n: number | bigint, style: 'plain' | 'dot' | 'exp' = 'plain') =>
  style === 'dot' ? `${n}.0` : style === 'exp' ? `${n}e0` : String(n);
export const qtyValid = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: INT32_MAX }) },
    ),
    fc.constantFrom<'plain' | 'dot' | 'exp'>('plain', 'plain', 'dot', 'exp'),
  )
  .map(([n, style]) => ({ qty: n, field: ok(numberToken(n, style), 'a whole number') }));
export const qtyInvalid = fc.oneof(
  wrongType,
  fc.constantFrom('0', '-0', '-1', '-2147483648').map((t) => bad(t, 'not positive')),
  fc.bigInt({ min: BigInt(INT32_MAX) + 1n, max: 2n ** 70n }).map((n) => bad(String(n), 'above int32')),
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 9 }))
    .map(([i, f]) => bad(`${i}.${f}`, 'a fraction')),
  fc.integer({ min: 1, max: 100 }).map((n) => bad(json(String(n)), 'a numeric string')),
);
export const amountValid = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(0)),
    fc.constantFrom<'plain' | 'dot' | 'exp'>('plain', 'dot', 'exp'),
  )
  .map(([n, style]) => ok(numberToken(n, style), 'a whole number'));
export const amountInvalid = fc.oneof(
  wrongType,
  fc.integer({ min: -1_000_000, max: -1 }).map((n) => bad(String(n), 'negative')),
  fc.constantFrom('9007199254740992', '1e300', '12.5', '0.1').map((t) => bad(t, 'not a safe whole number')),
  fc.integer({ min: 0, max: 100 }).map((n) => bad(json(String(n)), 'a numeric string')),
);

/** x-request-id and friends: absent, ordinary, long, or not even UTF-8; they never change the outcome. */
export const headers = fc.record(
  {
    'x-request-id': fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/),
      fc.string({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    ),
    'x-fuzz': fc.string({ maxLength: 20 }),
  },
  { requiredKeys: [] },
);
