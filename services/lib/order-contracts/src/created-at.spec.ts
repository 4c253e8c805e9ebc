import { describe, expect, it } from 'vitest';
import { formatCreatedAt } from './created-at.js';

describe('formatCreatedAt', () => {
  it("when formatting a UTC instant, then it is written like the seed's createdAt", () => {
    expect(formatCreatedAt(new Date(Date.UTC(2022, 6, 29, 17, 0, 27, 25)))).toBe('2022-07-29T17:00:27.025+00:00');
  });

  it('when the instant has no milliseconds, then they are still written', () => {
    expect(formatCreatedAt(new Date(Date.UTC(2022, 0, 1)))).toBe('2022-01-01T00:00:00.000+00:00');
  });
});
