import { z } from 'zod';
import type { FieldProblem } from '@order-platform/service-kit';
import type { OrderRequest } from '../domain/order.js';

/** total_price, qty and unit_price are INT (int32) columns and int32 fields of the sink's schema. */
export const INT32_MAX = 2_147_483_647;

/**
 * product_id is a varchar(64) column; JavaScript counts UTF-16 units, which is never fewer than
 * MariaDB's characters.
 */
export const PRODUCT_ID_MAX_LENGTH = 64;

/**
 * User ids: 1 to 64 of `A-Z a-z 0-9 . _ -` (user_id is a varchar(64) column), and not only dots,
 * which URL normalisation would turn into another path. Anything else is a 400 naming `userId`.
 */
export const USER_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._-]{1,64}$/;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const requiredNumber = (field: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a number`) })
    .int(`${field} must be a whole number`)
    .positive(`${field} must be greater than 0`)
    .max(INT32_MAX, `${field} must be at most ${INT32_MAX}`);

/** The body of `POST /order-service/{userId}/orders`; unknown fields are rejected, by name. */
export const orderRequestSchema = z
  .strictObject(
    {
      productId: z
        .string({
          error: (issue) => (issue.input === undefined ? 'productId is required' : 'productId must be a string'),
        })
        .min(1, 'productId must not be empty')
        .max(PRODUCT_ID_MAX_LENGTH, `productId must be at most ${PRODUCT_ID_MAX_LENGTH} characters`)
        .refine((value) => value === '' || value.trim().length > 0, 'productId must not be blank')
        // The databases would not keep 'P' and 'P ' apart (PAD SPACE), and store an unpaired surrogate
        // as '?' or U+FFFD: such an order could not be applied as placed (found by
        // scripts/platform-tests/test/http-fuzz.test.ts).
        .refine((value) => value.trim() === '' || !value.endsWith(' '), 'productId must not end with a space')
        .refine((value) => !UNPAIRED_SURROGATE.test(value), 'productId must not contain an unpaired surrogate'),
      qty: requiredNumber('qty'),
      unitPrice: requiredNumber('unitPrice'),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'the body must be a JSON object' : undefined) },
  )
  .superRefine((order, context) => {
    // zod runs refinements after continuable issues too: only judge the product of valid factors.
    const valid = (value: number) => Number.isInteger(value) && value > 0 && value <= INT32_MAX;
    if (!valid(order.qty) || !valid(order.unitPrice) || order.qty * order.unitPrice <= INT32_MAX) return;
    const message = `qty * unitPrice must be at most ${INT32_MAX} (the total price is a 32-bit integer)`;
    context.addIssue({ code: 'custom', path: ['qty'], message });
    context.addIssue({ code: 'custom', path: ['unitPrice'], message });
  });

export type ParsedOrderRequest = { ok: true; value: OrderRequest } | { ok: false; problems: FieldProblem[] };

export function parseOrderRequest(body: unknown): ParsedOrderRequest {
  const result = orderRequestSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const problems: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ name: key, reason: `${key} is not a field of an order` });
    } else {
      problems.push({ name: issue.path.length ? issue.path.map(String).join('.') : 'body', reason: issue.message });
    }
  }
  return { ok: false, problems };
}
