import { describe, expect, it } from 'vitest';
import type { Answer } from '@order-platform/chaos';
import { isWarm } from './warm-up.js';

const answer = (status: number, ms: number): Answer => ({ userId: 'u', productId: 'P', qty: 1, status, at: 0, ms });
const policy = { count: 3, fastMs: 1000 };

describe('when the platform counts as warm', () => {
  it('when the last answers are all accepted and fast, then it is warm, whatever came before', () => {
    expect(isWarm([answer(503, 20_000), answer(201, 900), answer(202, 10), answer(201, 1000)], policy)).toBe(true);
  });

  it('when one of the last answers failed or was slow, or there are too few, then it is not', () => {
    expect(isWarm([answer(201, 10), answer(503, 10), answer(201, 10)], policy)).toBe(false);
    expect(isWarm([answer(201, 10), answer(201, 1001), answer(201, 10)], policy)).toBe(false);
    expect(isWarm([answer(201, 10), answer(201, 10)], policy)).toBe(false);
  });
});
