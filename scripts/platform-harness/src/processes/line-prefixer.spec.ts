import { describe, expect, it } from 'vitest';
import { LinePrefixer, colorFor, formatPrefix } from './line-prefixer.js';

describe('LinePrefixer', () => {
  it('when chunks split lines anywhere, then whole lines come out, each prefixed once', () => {
    const out: string[] = [];
    const prefixer = new LinePrefixer(
      () => formatPrefix('order-8081', 12, undefined),
      (line) => out.push(line),
    );
    prefixer.push('first li');
    prefixer.push('ne\nsecond\r\nthi');
    expect(out).toEqual(['order-8081   | first line', 'order-8081   | second']);
    prefixer.push('rd');
    prefixer.flush();
    prefixer.flush();
    expect(out.at(-1)).toBe('order-8081   | third');
    expect(out).toHaveLength(3);
  });

  it('when colors are on, then the name and bar are colored and the text is not', () => {
    expect(formatPrefix('gateway', 8, colorFor(0))).toBe('\u001b[36mgateway  |\u001b[0m ');
    expect(colorFor(0)).not.toBe(colorFor(1));
  });
});
