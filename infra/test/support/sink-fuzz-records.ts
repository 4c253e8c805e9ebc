import fc from 'fast-check';
import { SEED_ORDER_FIELDS, type KafkaOrderDto } from '@order-platform/order-contracts';
import {
  amountField,
  createdAtField,
  json,
  stringField,
  type FieldArbitraries,
  type FieldAt,
} from './sink-fuzz-fields.js';

/**
 * Generated records for the `orders` sink, each with what the sink must do with it: `dead-letter`
 * (orders.dlq, nothing in the table) or `stored` (exactly this row). Values are built as raw JSON
 * text, so a field can be a number token Jackson sees as an int, a long, a big integer or a double
 * (JSON.stringify could not say `1.0` or `3000000000000000000000`).
 */
export type Expected = { outcome: 'dead-letter'; why: string } | { outcome: 'stored'; row: ExpectedRow };

/** A row of the orders table: the record's payload, with created_at as epoch ms or the insert time. */
export type ExpectedRow = Omit<KafkaOrderDto['payload'], 'created_at'> & {
  /** Epoch ms, or 'insert-time' when the record has none the table can hold. */
  created_at: number | 'insert-time';
};

export interface SinkFuzzRecord {
  value: Buffer | null;
  expected: Expected;
}

const seedSchema = {
  type: 'struct',
  optional: false,
  name: 'orders',
  fields: [
    ...SEED_ORDER_FIELDS,
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
        fc.jsonValue({ maxDepth: 2 }).map((payload) => ({
          value: Buffer.from(`{"schema":${json(seedSchema)},"payload":${json(payload)}}`),
          expected: dead('a payload that is not an order'),
        })),
      ),
    },
    { weight: 1, arbitrary: fixed(fc.constant({ value: null, expected: dead('a tombstone') })) },
  );
}
