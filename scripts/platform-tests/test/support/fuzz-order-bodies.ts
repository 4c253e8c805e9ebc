import fc from 'fast-check';

/**
 * Generated order bodies: valid ones (some at the edges), and invalid ones of every kind (any
 * JSON, wrong types, near-int32 overflows, fractions, negatives, huge strings, raw bytes).
 */
export const INT32_MAX = 2 ** 31 - 1;
export const PRODUCTS = ['CATALOG-0001', 'CATALOG-0002', 'CATALOG-0003'];

export const validOrderBody = fc
  .record({
    productId: fc.constantFrom(...PRODUCTS),
    qty: fc.integer({ min: 1, max: 3 }),
    unitPrice: fc.integer({ min: 1, max: 2000 }),
  })
  .map((order) => ({ order, edge: false }));
/** Valid, at the edges: qty * unitPrice exactly int32's maximum, a 64-character product id. */
export const edgeOrderBody = fc.constantFrom(
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
  // Product ids the databases would not keep apart: a trailing space (PAD SPACE), an unpaired
  // surrogate (stored as ? or U+FFFD).
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

export const bodyBytes = fc.oneof(
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
