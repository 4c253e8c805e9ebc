import fc from 'fast-check';

/**
 * Generated records for the `orders` sink, each with what the sink must do with it: `dead-letter`
 * (orders.dlq, nothing in the table) or `stored` (exactly this row). Values are built as raw JSON
 * text, so a field can be a number token Jackson sees as an int, a long, a big integer or a double
 * (JSON.stringify could not say `1.0` or `3000000000000000000000`).
 */
export type Expected = { outcome: 'dead-letter'; why: string } | { outcome: 'stored'; row: ExpectedRow };

export interface ExpectedRow {
  order_id: string;
  user_id: string;
  product_id: string;
  qty: number;
  unit_price: number;
  total_price: number;
  /** Epoch ms, or 'insert-time' when the record has none the table can hold. */
  created_at: number | 'insert-time';
}

export interface SinkFuzzRecord {
  value: Buffer | null;
  expected: Expected;
}

/** One payload field: the JSON token to write (undefined: leave the field out) and what it becomes. */
interface FieldCase<T> {
  token: string | undefined;
  ok: boolean;
  stored?: T;
  why: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const DATETIME_MIN_MS = Date.UTC(1000, 0, 1);
const DATETIME_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const INT64_MAX = 2n ** 63n - 1n;

/** What the VARCHAR(64) columns keep in the sink's non-strict session: the first 64 characters. */
export const cut = (text: string) => [...text].slice(0, 64).join('');

const bad = <T>(token: string | undefined, why: string): FieldCase<T> => ({ token, ok: false, why });
const good = <T>(token: string | undefined, stored: T, why: string): FieldCase<T> => ({ token, ok: true, stored, why });
const json = (value: unknown) => JSON.stringify(value);

// Well-formed strings only: an unpaired surrogate is stored as '?' (README "The sink connector").
// Ids carry the record's index, so trailing spaces never make two order_ids one row (PAD SPACE).
const anyString = fc.string({ unit: 'grapheme', maxLength: 24 });
const longString = fc.string({ unit: 'grapheme', minLength: 65, maxLength: 160 });
const absentOrOdd = fc.oneof(
  fc.constant(bad<never>(undefined, 'missing')),
  fc.constant(bad<never>('null', 'null')),
  fc.boolean().map((b) => bad<never>(String(b), 'a boolean')),
  fc
    .jsonValue({ maxDepth: 2 })
    .filter((v) => typeof v === 'object' && v !== null)
    .map((v) => bad<never>(json(v), 'an object or array')),
);
const notAString = fc.oneof(
  absentOrOdd,
  fc.integer().map((n) => bad<string>(String(n), 'a number')),
);

/** Built for a prefix: the string fields need the one that keeps ids unique and findable. */
type FieldAt<T> = (prefix: string) => FieldCase<T>;
interface FieldArbitraries<T> {
  valid: fc.Arbitrary<FieldAt<T>>;
  invalid: fc.Arbitrary<FieldAt<T>>;
}
const at = <T>(arbitrary: fc.Arbitrary<FieldCase<T>>): fc.Arbitrary<FieldAt<T>> => arbitrary.map((c) => () => c);

const stringField: FieldArbitraries<string> = {
  valid: fc.oneof(
    {
      weight: 3,
      arbitrary: anyString.map((s) => (prefix: string) => good(json(prefix + s), cut(prefix + s), 'a string')),
    },
    {
      weight: 1,
      arbitrary: longString.map(
        (s) => (prefix: string) =>
          good(json(prefix + s), cut(prefix + s), 'a string longer than the column: cut to 64'),
      ),
    },
  ),
  invalid: at(notAString),
};

const amountField: FieldArbitraries<number> = {
  valid: at(
    fc
      .oneof(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: INT32_MIN, max: INT32_MAX }),
        fc.constantFrom(0, -1, INT32_MIN, INT32_MAX),
      )
      .map((n) => good(String(n), n, 'an int32')),
  ),
  invalid: at(
    fc.oneof(
      fc.bigInt({ min: BigInt(INT32_MAX) + 1n, max: 2n ** 80n }).map((n) => bad<number>(String(n), 'above int32')),
      fc.bigInt({ min: -(2n ** 80n), max: BigInt(INT32_MIN) - 1n }).map((n) => bad<number>(String(n), 'below int32')),
      fc
        .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 999 }))
        .map(([i, f]) => bad<number>(`${i}.${f}`, 'a fraction')),
      fc.constantFrom('1.0', '1e2', '-0.0', '2E0', '1e400').map((t) => bad<number>(t, 'a number written as a double')),
      fc.oneof(anyString, fc.integer().map(String)).map((s) => bad<number>(json(s), 'a string')),
      absentOrOdd,
    ),
  ),
};

/**
 * created_at: epoch milliseconds, optional. Left out on purpose (stored with a wrong instant, see
 * README "The sink connector"): values before year 1000 (Debezium drops the era, MariaDB reads
 * years below 1000 its own way) and integers beyond int64 (Jackson keeps their low 64 bits).
 */
const createdAtField: FieldArbitraries<number | 'insert-time'> = {
  valid: at(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
          .map((ms) => good<number | 'insert-time'>(String(ms), ms, 'an instant')),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(DATETIME_MIN_MS, DATETIME_MAX_MS, 0, -1)
          .map((ms) => good<number | 'insert-time'>(String(ms), ms, 'an edge of DATETIME')),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom<string | undefined>(undefined, 'null')
          .map((t) => good<number | 'insert-time'>(t, 'insert-time', 'none')),
      },
      {
        weight: 1,
        arbitrary: fc
          .bigInt({ min: BigInt(DATETIME_MAX_MS) + 1n, max: INT64_MAX })
          .map((n) => good<number | 'insert-time'>(String(n), 'insert-time', 'after year 9999')),
      },
    ),
  ),
  invalid: at(
    fc
      .constantFrom('"2024-01-01T00:00:00Z"', '1700000000000.5', '1.7e12', 'true', '{"ms":1}', '[1]')
      .map((t) => bad<number>(t, 'not an integer')),
  ),
};

/** The record's own `schema`: the sink ignores it (one fixed schema), so anything goes. */
const seedSchema = {
  type: 'struct',
  optional: false,
  name: 'orders',
  fields: [
    { type: 'string', optional: true, field: 'order_id' },
    { type: 'string', optional: true, field: 'user_id' },
    { type: 'string', optional: true, field: 'product_id' },
    { type: 'int32', optional: true, field: 'qty' },
    { type: 'int32', optional: true, field: 'unit_price' },
    { type: 'int32', optional: true, field: 'total_price' },
    { type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1, field: 'created_at' },
  ],
};
const schemaPart = fc.oneof(
  fc.constant<string | undefined>(json(seedSchema)),
  fc.constant<string | undefined>(undefined),
  fc.constant(
    json({
      ...seedSchema,
      fields: seedSchema.fields.map((f) => ({ ...f, type: f.type === 'int32' ? 'string' : 'int32' })),
    }),
  ),
  fc.constant(
    json({ type: 'struct', fields: [{ field: 'qty', type: 'struct', fields: [{ field: 'n', type: 'int32' }] }] }),
  ),
  fc.constant(json({ type: 42, fields: 'none' })),
  fc.jsonValue({ maxDepth: 3 }).map(json),
);

const extraFields = fc.array(
  fc.tuple(
    fc.string({ maxLength: 8 }).map((k) => `x_${k}`),
    fc.jsonValue({ maxDepth: 2 }).map(json),
  ),
  { maxLength: 3 },
);

type RecordAt = (index: number) => SinkFuzzRecord;

const FIELDS = [
  ['order_id', stringField],
  ['user_id', stringField],
  ['product_id', stringField],
  ['qty', amountField],
  ['unit_price', amountField],
  ['total_price', amountField],
  ['created_at', createdAtField],
] as const satisfies ReadonlyArray<readonly [string, FieldArbitraries<unknown>]>;

/**
 * Envelopes, in three mixes: every field valid (rows, cut strings, fallback instants), exactly one
 * field wrong (each rule on its own), and each field independently wrong one time in four.
 */
const fieldChoices = fc.oneof(
  fc.constant(FIELDS.map(() => false)),
  fc.nat(FIELDS.length - 1).map((wrong) => FIELDS.map((_, index) => index === wrong)),
  fc.array(
    fc.boolean().chain((flip) => (flip ? fc.boolean() : fc.constant(false))),
    { minLength: FIELDS.length, maxLength: FIELDS.length },
  ),
);

function envelope(run: string): fc.Arbitrary<RecordAt> {
  return fieldChoices
    .chain((wrong) =>
      fc.tuple(
        ...FIELDS.map(
          ([, field], index) => (wrong[index] ? field.invalid : field.valid) as fc.Arbitrary<FieldAt<unknown>>,
        ),
      ),
    )
    .chain((fields) =>
      fc.record({ fields: fc.constant(fields), extras: extraFields, schema: schemaPart, extraTopLevel: fc.boolean() }),
    )
    .map((f) => (index: number): SinkFuzzRecord => {
      const prefixes = [`${run}.${index}.`, `${run}u${index}`, '', '', '', '', ''];
      const cases = f.fields.map((build, i) => build(prefixes[i]!));
      const named = FIELDS.map(([name], i) => [name, cases[i]!] as const);
      const members = [
        ...named.filter(([, c]) => c.token !== undefined).map(([name, c]) => `${json(name)}:${c.token}`),
        ...f.extras.map(([k, v]) => `${json(k)}:${v}`),
      ];
      const parts = [`"payload":{${members.join(',')}}`];
      if (f.schema !== undefined) parts.unshift(`"schema":${f.schema}`);
      if (f.extraTopLevel) parts.push('"extra":1');
      const value = Buffer.from(`{${parts.join(',')}}`);
      const wrong = named.find(([, c]) => !c.ok);
      if (wrong) return { value, expected: { outcome: 'dead-letter', why: `${wrong[0]}: ${wrong[1].why}` } };
      const row = Object.fromEntries(named.map(([name, c]) => [name, c.stored])) as unknown as ExpectedRow;
      return { value, expected: { outcome: 'stored', row } };
    });
}

/** Whatever it is, it has no `payload` object holding an order: the sink must dead-letter it. */
const noPayload = (text: string) => !text.includes('payload');

/**
 * A record of the fuzz run, built for its position (ids carry the run and the index, so they are
 * unique): shapes weighted towards envelopes, the only ones that can reach the table.
 */
export function sinkFuzzRecord(run: string): fc.Arbitrary<RecordAt> {
  const dead = (why: string) => ({ outcome: 'dead-letter', why }) as const;
  const fixed = (arbitrary: fc.Arbitrary<SinkFuzzRecord>): fc.Arbitrary<RecordAt> =>
    arbitrary.map((record) => () => record);
  return fc.oneof(
    { weight: 6, arbitrary: envelope(run) },
    {
      weight: 1,
      arbitrary: fixed(
        fc
          .uint8Array({ maxLength: 200 })
          .filter((bytes) => noPayload(Buffer.from(bytes).toString('latin1')))
          .map((bytes) => ({ value: Buffer.from(bytes), expected: dead('arbitrary bytes') })),
      ),
    },
    {
      weight: 1,
      arbitrary: fixed(
        fc
          .json({ maxDepth: 3 })
          .filter(noPayload)
          .map((text) => ({ value: Buffer.from(text), expected: dead('JSON without a payload') })),
      ),
    },
    {
      weight: 1,
      // Never all six required fields: arbitrary keys do not spell them.
      arbitrary: fixed(
        fc
          .jsonValue({ maxDepth: 2 })
          .map((payload) => ({
            value: Buffer.from(`{"schema":${json(seedSchema)},"payload":${json(payload)}}`),
            expected: dead('a payload that is not an order'),
          })),
      ),
    },
    { weight: 1, arbitrary: fixed(fc.constant({ value: null, expected: dead('a tombstone') })) },
  );
}
