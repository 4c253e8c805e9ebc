import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, nextPageLink, parsePageQuery } from './order-page-query.js';

describe('parsePageQuery', () => {
  it('when there is neither limit nor after, then it asks for the whole list', () => {
    expect(parsePageQuery({})).toEqual({ ok: true, value: undefined });
    expect(parsePageQuery({ other: 'x' })).toEqual({ ok: true, value: undefined });
  });

  it('when only a limit is given, then the page starts at the first order', () => {
    expect(parsePageQuery({ limit: '10' })).toEqual({ ok: true, value: { limit: 10, after: 0 } });
    expect(parsePageQuery({ limit: '1000' })).toEqual({ ok: true, value: { limit: 1000, after: 0 } });
  });

  it('when a cursor is given without a limit, then the default page size applies', () => {
    expect(parsePageQuery({ after: encodeCursor(42) })).toEqual({ ok: true, value: { limit: 100, after: 42 } });
  });

  it.each([['0'], ['1001'], ['-1'], ['1.5'], ['ten'], [''], [' 5'], [['1', '2']]])(
    'when the limit is %j, then it is a problem naming limit',
    (limit) => {
      expect(parsePageQuery({ limit })).toEqual({ ok: false, problems: [expect.objectContaining({ name: 'limit' })] });
    },
  );

  it.each([['x'], [''], ['bzEuMA'], [Buffer.from('o1.-3').toString('base64url')], [['a', 'b']], ['a'.repeat(65)]])(
    'when the cursor is %j, then it is a problem naming after',
    (after) => {
      expect(parsePageQuery({ limit: '5', after })).toEqual({
        ok: false,
        problems: [expect.objectContaining({ name: 'after' })],
      });
    },
  );
});

describe('cursors', () => {
  it('when a sequence is encoded, then it decodes back and the Link names the path, limit and cursor', () => {
    for (const sequence of [1, 99, 2 ** 53 - 1]) expect(decodeCursor(encodeCursor(sequence))).toBe(sequence);
    expect(nextPageLink('user 1', 5, 7)).toBe(
      `</order-service/user%201/orders?limit=5&after=${encodeCursor(7)}>; rel="next"`,
    );
  });
});
