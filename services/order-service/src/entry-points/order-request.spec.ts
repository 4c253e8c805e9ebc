import { describe, expect, it } from 'vitest';
import { INT32_MAX, parseOrderRequest, USER_ID_PATTERN } from './order-request.js';

const valid = { productId: 'CATALOG-0002', qty: 10, unitPrice: 900 };

describe('parseOrderRequest', () => {
  it("when the body is the seed's request, then it is accepted as is", () => {
    expect(parseOrderRequest(valid)).toEqual({ ok: true, value: valid });
  });

  it('when the total is exactly the int32 maximum, then it is accepted', () => {
    expect(parseOrderRequest({ productId: 'P', qty: 1, unitPrice: INT32_MAX }).ok).toBe(true);
  });

  it.each([
    ['missing productId', { qty: 1, unitPrice: 1 }, 'productId', 'productId is required'],
    ['numeric productId', { ...valid, productId: 7 }, 'productId', 'productId must be a string'],
    ['empty productId', { ...valid, productId: '' }, 'productId', 'productId must not be empty'],
    ['blank productId', { ...valid, productId: '   ' }, 'productId', 'productId must not be blank'],
    [
      '65-character productId',
      { ...valid, productId: 'x'.repeat(65) },
      'productId',
      'productId must be at most 64 characters',
    ],
    [
      'productId ending with a space',
      { ...valid, productId: 'CATALOG-0002 ' },
      'productId',
      'productId must not end with a space',
    ],
    [
      'productId with an unpaired surrogate',
      { ...valid, productId: 'CATALOG-\ud800' },
      'productId',
      'productId must not contain an unpaired surrogate',
    ],
    ['missing qty', { productId: 'P', unitPrice: 1 }, 'qty', 'qty is required'],
    ['string qty', { ...valid, qty: '10' }, 'qty', 'qty must be a number'],
    ['null qty', { ...valid, qty: null }, 'qty', 'qty must be a number'],
    ['zero qty', { ...valid, qty: 0 }, 'qty', 'qty must be greater than 0'],
    ['negative unitPrice', { ...valid, unitPrice: -5 }, 'unitPrice', 'unitPrice must be greater than 0'],
    ['fractional unitPrice', { ...valid, unitPrice: 1.5 }, 'unitPrice', 'unitPrice must be a whole number'],
    [
      'unitPrice beyond int32',
      { ...valid, qty: 1, unitPrice: INT32_MAX + 1 },
      'unitPrice',
      `unitPrice must be at most ${INT32_MAX}`,
    ],
  ])('when the body has a %s, then the problem names that field', (_case, body, name, reason) => {
    const parsed = parseOrderRequest(body);
    expect(parsed).toEqual({ ok: false, problems: [{ name, reason }] });
  });

  it('when qty * unitPrice overflows int32, then both factors are named', () => {
    const parsed = parseOrderRequest({ productId: 'P', qty: 2, unitPrice: 1_073_741_824 });
    expect(parsed.ok ? [] : parsed.problems.map((problem) => problem.name)).toEqual(['qty', 'unitPrice']);
  });

  it('when the body has unknown fields, then each one is named', () => {
    const parsed = parseOrderRequest({ ...valid, totalPrice: 1, userId: 'x' });
    expect(parsed.ok ? [] : parsed.problems.map((problem) => problem.name).sort()).toEqual(['totalPrice', 'userId']);
  });

  it.each([[null], [[valid]], ['text'], [42]])(
    'when the body is %j instead of an object, then the problem names the body',
    (body) => {
      expect(parseOrderRequest(body)).toEqual({
        ok: false,
        problems: [{ name: 'body', reason: 'the body must be a JSON object' }],
      });
    },
  );
});

describe('USER_ID_PATTERN', () => {
  it.each(['user-1', 'a', 'A.b_c-9', 'x'.repeat(64), '..a'])(
    'when the user id is %j, then it is accepted',
    (userId) => {
      expect(USER_ID_PATTERN.test(userId)).toBe(true);
    },
  );

  it.each(['', 'x'.repeat(65), 'a b', 'ä', 'a/b', '.', '..', 'a\n'])(
    'when the user id is %j, then it is rejected',
    (userId) => {
      expect(USER_ID_PATTERN.test(userId)).toBe(false);
    },
  );
});
