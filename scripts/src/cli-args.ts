import { parseArgs } from 'node:util';

export interface CliArgs {
  orders?: number;
  port?: number;
  help: boolean;
}

/**
 * `pnpm start -- --orders 3` and `pnpm start:order -- --port 8084` (also `--orders=3`). A bare `--`
 * (which pnpm may pass through) is ignored.
 */
export function parseCliArgs(argv: string[], allowed: ReadonlyArray<'orders' | 'port'>): CliArgs {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: { orders: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  const result: CliArgs = { help: values.help ?? false };
  for (const name of ['orders', 'port'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    if (!allowed.includes(name)) throw new Error(`unknown option --${name}`);
    const value = Number(raw);
    const [min, max] = name === 'orders' ? [1, 50] : [1, 65535];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    result[name] = value;
  }
  return result;
}
