import fc from 'fast-check';
import {
  amountInvalid,
  amountValid,
  headers,
  invalidId,
  json,
  ok,
  qtyInvalid,
  qtyValid,
  validId,
  type FieldCase,
} from './consumer-fuzz-fields.js';

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

type RecordAt = (index: number) => CatalogFuzzRecord;
type Choice<T> = { valid: T } | { wrong: FieldCase };

function orderObject(run: string, productIds: string[]): fc.Arbitrary<RecordAt> {
  // -1: all valid, n: field n wrong, -2: each field wrong one time in three.
  const mix = fc.oneof(fc.constant(-1), fc.nat(5), fc.constant(-2));
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
