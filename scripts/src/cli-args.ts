import { parseArgs } from 'node:util';

export interface CliArgs {
  orders?: number;
  port?: number;
  /** start:order's instance id (its slot), e.g. order-3. */
  id?: string;
  help: boolean;
}

const INSTANCE_ID = /^[A-Za-z0-9._:@-]{1,100}$/;

/**
 * `pnpm start -- --orders 3` and `pnpm start:order -- --port 8084 --id order-3` (also `--orders=3`).
 * A bare `--` (which pnpm may pass through) is ignored.
 */
export function parseCliArgs(argv: string[], allowed: ReadonlyArray<'orders' | 'port' | 'id'>): CliArgs {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      orders: { type: 'string' },
      port: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
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
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    result[name] = value;
  }
  if (values.id !== undefined) {
    if (!allowed.includes('id')) throw new Error('unknown option --id');
    if (!INSTANCE_ID.test(values.id))
      throw new Error(`--id must be 1 to 100 of A-Z a-z 0-9 . _ : @ -, not ${JSON.stringify(values.id)}`);
    result.id = values.id;
  }
  return result;
}
