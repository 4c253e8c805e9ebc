/** The longest key kept (idempotency_keys.idempotency_key is a varchar(255)). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

const QUOTED = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;
const BARE = /^[A-Za-z0-9._~:+/=-]+$/;

export type ParsedIdempotencyKey = { ok: true; key: string | undefined } | { ok: false; reason: string };

/**
 * `Idempotency-Key` as the IETF draft defines it: a Structured Field String (`"8e03978e-…"`). A bare
 * token (`Idempotency-Key: 8e03978e-…`, what curl users type) is taken as that string too. Absent:
 * undefined, a POST as the seed's. Two headers (joined by a comma) or anything else is invalid.
 */
export function parseIdempotencyKey(header: string | undefined): ParsedIdempotencyKey {
  if (header === undefined) return { ok: true, key: undefined };
  const value = header.trim();
  const quoted = QUOTED.exec(value);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : BARE.test(value) ? value : undefined;
  if (key === undefined)
    return { ok: false, reason: 'must be one Structured Field String ("…") of printable ASCII, or a token' };
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH)
    return { ok: false, reason: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters` };
  return { ok: true, key };
}
