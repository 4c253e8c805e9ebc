import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('when pnpm passes -- before the options, then they are still read', () => {
    expect(parseCliArgs(['--', '--orders', '3'], ['orders'])).toEqual({ orders: 3, help: false });
    expect(parseCliArgs(['--orders=4'], ['orders'])).toEqual({ orders: 4, help: false });
    expect(parseCliArgs(['--port', '8084'], ['port'])).toEqual({ port: 8084, help: false });
    expect(parseCliArgs([], ['orders'])).toEqual({ help: false });
    expect(parseCliArgs(['-h'], ['port'])).toEqual({ help: true });
    expect(parseCliArgs(['--id', 'order-3', '--port', '8084'], ['port', 'id'])).toEqual({
      id: 'order-3',
      port: 8084,
      help: false,
    });
  });

  it.each([
    [['--orders', '0'], ['orders']],
    [['--orders', 'two'], ['orders']],
    [['--port', '70000'], ['port']],
    [['--port', '8084'], ['orders']],
    [['--ports', '1'], ['port']],
    [['extra'], ['port']],
    [['--id', 'order-1'], ['orders']],
    [['--id', 'a b'], ['id']],
  ] as const)('when the arguments are %j, then they are refused', (argv, allowed) => {
    expect(() => parseCliArgs([...argv], allowed)).toThrow();
  });
});
