import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey } from './idempotency-key-header.js';

describe('parseIdempotencyKey', () => {
  it('when there is no header, then there is no key', () => {
    expect(parseIdempotencyKey(undefined)).toEqual({ ok: true, key: undefined });
  });

  it.each([
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"a key with spaces"', 'a key with spaces'],
    ['"quote \\" and backslash \\\\"', 'quote " and backslash \\'],
    [` "k" `, 'k'],
    [`"${'k'.repeat(255)}"`, 'k'.repeat(255)],
  ])('when the header is %j, then the key is %j', (header, key) => {
    expect(parseIdempotencyKey(header)).toEqual({ ok: true, key });
  });

  it.each([
    ['""'],
    [''],
    [`"${'k'.repeat(256)}"`],
    ['"a", "b"'],
    ['a b'],
    ['"unterminated'],
    ['"bad \\n escape"'],
    ['"tab\tinside"'],
    ['"é"'],
  ])('when the header is %j, then it is invalid', (header) => {
    expect(parseIdempotencyKey(header)).toMatchObject({ ok: false });
  });
});
