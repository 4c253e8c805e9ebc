import { z } from 'zod';
import type { CancelRequest } from '../domain/cancel-order.js';
import type { DeadLetterReason, StockOrder } from '../domain/stock-order.js';

const INT32_MAX = 2_147_483_647;
// Ids are stored in VARCHAR(64) columns; a longer one is the message's fault, not the database's.
// catalogdb compares them with utf8mb4_bin, which pads with spaces, and stores an unpaired surrogate
// as U+FFFD: 'a' and 'a ', or 'a\ud800' and 'a\udbff', would be one order there, the second taken
// for a redelivery and never applied (found by test/consumer-fuzz.test.ts).
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/\S/, 'must not be blank')
  .refine((value) => !value.endsWith(' '), 'must not end with a space')
  .refine((value) => !UNPAIRED_SURROGATE.test(value), 'must not contain an unpaired surrogate');
const amount = z.number().int().nonnegative();

/** The value of an `example-catalog-topic` message (docs/design.md, §5.2); unknown extra fields are ignored. */
export const catalogOrderMessageSchema = z.object({
  orderId: id,
  userId: id,
  productId: id,
  qty: z.number().int().positive().max(INT32_MAX),
  unitPrice: amount,
  totalPrice: amount,
});

/** A cancel (docs/design.md §3.2.3): `type: "cancel"` and the order's ids. */
export const catalogCancelMessageSchema = z.object({
  type: z.literal('cancel'),
  orderId: id,
  userId: id,
  productId: id,
});

/** The cancel a message carries, or undefined: then it is read as an order (or a dead letter). */
export function parseCancelMessage(value: Buffer | null | undefined): CancelRequest | undefined {
  if (!value?.length) return undefined;
  try {
    const result = catalogCancelMessageSchema.safeParse(JSON.parse(value.toString('utf8')));
    if (!result.success) return undefined;
    const { orderId, userId, productId } = result.data;
    return { orderId, userId, productId };
  } catch {
    return undefined;
  }
}

export type ParsedOrderMessage =
  { ok: true; order: StockOrder } | { ok: false; reason: DeadLetterReason; detail: string };

/** Decodes and validates a message value; says why when it cannot become an order. */
export function parseOrderMessage(value: Buffer | null | undefined): ParsedOrderMessage {
  if (value === null || value === undefined || value.length === 0)
    return { ok: false, reason: 'empty-value', detail: 'the message has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'not-json', detail: `the value is not JSON: ${(error as Error).message}` };
  }
  const result = catalogOrderMessageSchema.safeParse(json);
  if (result.success) return { ok: true, order: result.data };
  const detail = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: 'invalid-fields', detail };
}
