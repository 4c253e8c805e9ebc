import { describe, expect, it } from 'vitest';
import { buildCatalogOrderMessage } from '@order-platform/order-contracts';
import { parseCancelMessage, parseOrderMessage } from './order-message-schema.js';

const order = { orderId: 'o-1', userId: 'u-1', productId: 'CATALOG-0003', qty: 23, unitPrice: 1200, totalPrice: 27600 };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseOrderMessage', () => {
  it('when the value is what order-service publishes, then it is an order', () => {
    const published = buildCatalogOrderMessage({ ...order, createdAt: 0 });
    expect(parseOrderMessage(encode(published))).toEqual({ ok: true, order });
  });

  it('when the value carries extra fields, then they are ignored', () => {
    expect(parseOrderMessage(encode({ ...order, createdAt: 1 }))).toEqual({ ok: true, order });
  });

  it('when the value is missing or empty, then the reason is empty-value', () => {
    expect(parseOrderMessage(null)).toMatchObject({ ok: false, reason: 'empty-value' });
    expect(parseOrderMessage(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'empty-value' });
  });

  it('when the value is not JSON, then the reason is not-json', () => {
    expect(parseOrderMessage(Buffer.from('this is not json {'))).toMatchObject({ ok: false, reason: 'not-json' });
  });

  it.each([
    ['a missing orderId', { ...order, orderId: undefined }, 'orderId'],
    ['an empty productId', { ...order, productId: '' }, 'productId'],
    ['a blank userId', { ...order, userId: '   ' }, 'userId'],
    ['a productId longer than 64 characters', { ...order, productId: 'P'.repeat(65) }, 'productId'],
    [
      'an orderId ending with a space (the same key as without it in catalogdb)',
      { ...order, orderId: 'o-1 ' },
      'orderId',
    ],
    ['an orderId with an unpaired surrogate (stored as U+FFFD)', { ...order, orderId: 'o-\ud800' }, 'orderId'],
    ['qty as a string', { ...order, qty: '23' }, 'qty'],
    ['qty zero', { ...order, qty: 0 }, 'qty'],
    ['a negative qty', { ...order, qty: -1 }, 'qty'],
    ['a fractional qty', { ...order, qty: 1.5 }, 'qty'],
    ['qty above 32 bits', { ...order, qty: 2 ** 31 }, 'qty'],
    ['a negative unitPrice', { ...order, unitPrice: -5 }, 'unitPrice'],
    ['a missing totalPrice', { ...order, totalPrice: undefined }, 'totalPrice'],
  ])('when the order has %s, then the reason is invalid-fields and names %s', (_what, value, field) => {
    const parsed = parseOrderMessage(encode(value));
    expect(parsed).toMatchObject({ ok: false, reason: 'invalid-fields' });
    expect(parsed.ok === false && parsed.detail).toContain(field);
  });

  it('when the JSON is not an object, then the reason is invalid-fields', () => {
    expect(parseOrderMessage(Buffer.from('[1,2,3]'))).toMatchObject({ ok: false, reason: 'invalid-fields' });
    expect(parseOrderMessage(Buffer.from('42'))).toMatchObject({ ok: false, reason: 'invalid-fields' });
  });
});

describe('parseCancelMessage', () => {
  it('when the value is a cancel, then its ids; anything else is no cancel', () => {
    const cancel = { type: 'cancel', orderId: 'o', userId: 'u', productId: 'P' };
    expect(parseCancelMessage(Buffer.from(JSON.stringify(cancel)))).toEqual({
      orderId: 'o',
      userId: 'u',
      productId: 'P',
    });
    for (const value of [
      { ...cancel, type: 'order' },
      { ...cancel, orderId: '' },
      { orderId: 'o', userId: 'u', productId: 'P', qty: 1, unitPrice: 1, totalPrice: 1 },
    ])
      expect(parseCancelMessage(Buffer.from(JSON.stringify(value)))).toBeUndefined();
    expect(parseCancelMessage(Buffer.from('not json'))).toBeUndefined();
    expect(parseCancelMessage(null)).toBeUndefined();
  });
});
