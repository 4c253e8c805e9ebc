import fc from 'fast-check';

/**
 * Generated records for catalog-service's order topic, each with what the consumer must do with
 * it, predicted from the message contract (docs/design.md, §5.2), not the service's own schema: a dead
 * letter with a known reason, or a valid order of a test product (applied or rejected depending on
 * the stock, worked out in partition order by the test). Values are raw JSON text so a number can
 * be written `1.0`, `5e0` or `9007199254740993`; JavaScript's JSON.parse decides what it is.
 */
export type Predicted =
  | { kind: 'dead-letter'; reasons: string[]; why: string }
  /** A valid order; `product` is the index of a test product, or undefined for an unknown one (dead letter). */
  | { kind: 'order'; orderId: string; product: number; qty: number };

export interface CatalogFuzzRecord {
  value: Buffer | null;
  headers: Record<string, string | Buffer>;
  predicted: Predicted;
}

const INT32_MAX = 2 ** 31 - 1;
const json = (value: unknown) => JSON.stringify(value);

interface FieldCase {
  token: string | undefined;
  ok: boolean;
  why: string;
}
const ok = (token: string, why: string): FieldCase => ({ token, ok: true, why });
const bad = (token: string | undefined, why: string): FieldCase => ({ token, ok: false, why });

/**
 * The contract for an id: 1 to 64 UTF-16 units, not blank, not ending with a space, no unpaired
 * surrogate (catalogdb would take 'a' and 'a ', or two unpaired surrogates, for the same id).
 */
const validId = (prefix: string) =>
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
const invalidId = fc.oneof(
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
const qtyValid = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: INT32_MAX }) },
    ),
    fc.constantFrom<'plain' | 'dot' | 'exp'>('plain', 'plain', 'dot', 'exp'),
  )
  .map(([n, style]) => ({ qty: n, field: ok(numberToken(n, style), 'a whole number') }));
const qtyInvalid = fc.oneof(
  wrongType,
  fc.constantFrom('0', '-0', '-1', '-2147483648').map((t) => bad(t, 'not positive')),
  fc.bigInt({ min: BigInt(INT32_MAX) + 1n, max: 2n ** 70n }).map((n) => bad(String(n), 'above int32')),
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 9 }))
    .map(([i, f]) => bad(`${i}.${f}`, 'a fraction')),
  fc.integer({ min: 1, max: 100 }).map((n) => bad(json(String(n)), 'a numeric string')),
);
const amountValid = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(0)),
    fc.constantFrom<'plain' | 'dot' | 'exp'>('plain', 'dot', 'exp'),
  )
  .map(([n, style]) => ok(numberToken(n, style), 'a whole number'));
const amountInvalid = fc.oneof(
  wrongType,
  fc.integer({ min: -1_000_000, max: -1 }).map((n) => bad(String(n), 'negative')),
  fc.constantFrom('9007199254740992', '1e300', '12.5', '0.1').map((t) => bad(t, 'not a safe whole number')),
  fc.integer({ min: 0, max: 100 }).map((n) => bad(json(String(n)), 'a numeric string')),
);

type RecordAt = (index: number) => CatalogFuzzRecord;
type Choice<T> = { valid: T } | { wrong: FieldCase };

/** x-request-id and friends: absent, ordinary, long, or not even UTF-8; they never change the outcome. */
const headers = fc.record(
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

function orderObject(run: string, productIds: string[]): fc.Arbitrary<RecordAt> {
  const mix = fc.oneof(fc.constant(-1), fc.nat(5), fc.constant(-2)); // -1: all valid, n: field n wrong, -2: each field wrong one time in three
  return mix.chain((wrongIndex) => {
    const wrong = (i: number) => (wrongIndex === -2 ? fc.nat(2).map((n) => n === 0) : fc.constant(wrongIndex === i));
    const pick = <T>(i: number, valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<FieldCase>): fc.Arbitrary<Choice<T>> =>
      wrong(i).chain((isWrong): fc.Arbitrary<Choice<T>> =>
        isWrong ? invalid.map((c) => ({ wrong: c })) : valid.map((v) => ({ valid: v })),
      );
    return fc
      .record({
        orderId: pick(
          0,
          fc
            .string({ unit: 'grapheme', maxLength: 12 })
            .filter((suffix) => suffix.length <= 40 && !suffix.endsWith(' ')),
          invalidId,
        ),
        userId: pick(1, validId(`${run}u`), invalidId),
        product: pick(
          2,
          fc.oneof({ weight: 4, arbitrary: fc.nat(productIds.length - 1) }, { weight: 1, arbitrary: fc.constant(-1) }),
          invalidId,
        ),
        qty: pick(3, qtyValid, qtyInvalid),
        unitPrice: pick(4, amountValid, amountInvalid),
        totalPrice: pick(5, amountValid, amountInvalid),
        extras: fc.array(
          fc.tuple(
            fc.string({ maxLength: 8 }).map((k) => `x_${k}`),
            fc.jsonValue({ maxDepth: 2 }).map(json),
          ),
          { maxLength: 2 },
        ),
        headers,
      })
      .map((f) => (index: number): CatalogFuzzRecord => {
        // The order id carries the run and the index: unique, and findable in processed_orders.
        const orderId = 'valid' in f.orderId ? `${run}-${index}-${f.orderId.valid}` : '';
        const orderIdCase = 'valid' in f.orderId ? ok(json(orderId), 'a string') : f.orderId.wrong;
        const userIdCase = 'valid' in f.userId ? ok(json(f.userId.valid), 'a string') : f.userId.wrong;
        const product = 'valid' in f.product ? f.product.valid : undefined;
        const productCase =
          'wrong' in f.product
            ? f.product.wrong
            : ok(json(product! < 0 ? `${run}-NO-SUCH-PRODUCT-${index}` : productIds[product!]), 'a string');
        const qtyCase = 'valid' in f.qty ? f.qty.valid.field : f.qty.wrong;
        const unitCase = 'valid' in f.unitPrice ? f.unitPrice.valid : f.unitPrice.wrong;
        const totalCase = 'valid' in f.totalPrice ? f.totalPrice.valid : f.totalPrice.wrong;
        const named: Array<[string, FieldCase]> = [
          ['orderId', orderIdCase],
          ['userId', userIdCase],
          ['productId', productCase],
          ['qty', qtyCase],
          ['unitPrice', unitCase],
          ['totalPrice', totalCase],
        ];
        const members = [
          ...named.filter(([, c]) => c.token !== undefined).map(([name, c]) => `${json(name)}:${c.token}`),
          ...f.extras.map(([k, v]) => `${json(k)}:${v}`),
        ];
        const value = Buffer.from(`{${members.join(',')}}`);
        const wrongField = named.find(([, c]) => !c.ok);
        const recordHeaders = Object.fromEntries(
          Object.entries(f.headers).filter(([, v]) => v !== undefined),
        ) as Record<string, string | Buffer>;
        if (wrongField)
          return {
            value,
            headers: recordHeaders,
            predicted: {
              kind: 'dead-letter',
              reasons: ['invalid-fields'],
              why: `${wrongField[0]}: ${wrongField[1].why}`,
            },
          };
        if (product === undefined || product < 0)
          return {
            value,
            headers: recordHeaders,
            predicted: { kind: 'dead-letter', reasons: ['unknown-product'], why: 'an unknown product' },
          };
        return {
          value,
          headers: recordHeaders,
          predicted: { kind: 'order', orderId, product, qty: 'valid' in f.qty ? f.qty.valid.qty : 0 },
        };
      });
  });
}

/** No JSON object at all, or one without every field of an order: never an order. */
const notAnOrder = (text: string) => !/orderId/.test(text);

export function catalogFuzzRecord(run: string, productIds: string[]): fc.Arbitrary<RecordAt> {
  const fixed = (arbitrary: fc.Arbitrary<CatalogFuzzRecord>): fc.Arbitrary<RecordAt> =>
    arbitrary.map((record) => () => record);
  const dead = (reasons: string[], why: string) => ({ kind: 'dead-letter', reasons, why }) as const;
  return fc.oneof(
    { weight: 6, arbitrary: orderObject(run, productIds) },
    {
      weight: 1,
      arbitrary: fixed(
        fc
          .uint8Array({ maxLength: 200 })
          .filter((bytes) => notAnOrder(Buffer.from(bytes).toString('utf8')))
          .map((bytes) => ({
            value: Buffer.from(bytes),
            headers: {},
            predicted: dead(['empty-value', 'not-json', 'invalid-fields'], 'arbitrary bytes'),
          })),
      ),
    },
    {
      weight: 1,
      arbitrary: fixed(
        fc
          .json({ maxDepth: 3 })
          .filter(notAnOrder)
          .map((text) => ({
            value: Buffer.from(text),
            headers: {},
            predicted: dead(['invalid-fields'], 'JSON that is not an order'),
          })),
      ),
    },
    {
      weight: 1,
      arbitrary: fixed(
        fc
          .constantFrom<Buffer | null>(null, Buffer.alloc(0))
          .map((value) => ({ value, headers: {}, predicted: dead(['empty-value'], 'no value') })),
      ),
    },
  );
}
