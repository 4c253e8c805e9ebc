import fc from 'fast-check';

/**
 * The payload fields of generated `orders` records (sink-fuzz-records.ts): for each field, the JSON
 * tokens a record may carry and what the sink stores for each, or why it must dead-letter it.
 */
/** One payload field: the JSON token to write (undefined: leave the field out) and what it becomes. */
export interface FieldCase<T> {
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

export const bad = <T>(token: string | undefined, why: string): FieldCase<T> => ({ token, ok: false, why });
const good = <T>(token: string | undefined, stored: T, why: string): FieldCase<T> => ({ token, ok: true, stored, why });
export const json = (value: unknown) => JSON.stringify(value);

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
export type FieldAt<T> = (prefix: string) => FieldCase<T>;
export interface FieldArbitraries<T> {
  valid: fc.Arbitrary<FieldAt<T>>;
  invalid: fc.Arbitrary<FieldAt<T>>;
}
const at = <T>(arbitrary: fc.Arbitrary<FieldCase<T>>): fc.Arbitrary<FieldAt<T>> => arbitrary.map((c) => () => c);

export const stringField: FieldArbitraries<string> = {
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

export const amountField: FieldArbitraries<number> = {
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
export const createdAtField: FieldArbitraries<number | 'insert-time'> = {
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
