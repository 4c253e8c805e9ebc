import { UsageError, integerOption, parseOptions } from '@order-platform/command-kit';

export interface CliArgs {
  orders?: number;
  port?: number;
  /** start:order's instance id (its slot), e.g. order-3. */
  id?: string;
  help: boolean;
}

type Option = 'orders' | 'port' | 'id';

const INSTANCE_ID = /^[A-Za-z0-9._:@-]{1,100}$/;

export const START_USAGE =
  'pnpm start [-- --orders N]   (or ORDER_INSTANCES=N pnpm start); ' +
  'see scripts/launcher/src/platform-config.ts for the keys';

export const START_ORDER_USAGE =
  'pnpm start:order [-- --port N] [--id order-N]   (without --port: the first free port from ' +
  'ORDER_BASE_PORT, default 8081; without --id: the first slot order-N the gateway does not list)';

/**
 * `pnpm start -- --orders 3` and `pnpm start:order -- --port 8084 --id order-3` (also `--orders=3`).
 * A bare `--` (which pnpm may pass through) is ignored.
 */
export function parseCliArgs(argv: string[], allowed: readonly Option[], usage = ''): CliArgs {
  const { values } = parseOptions(argv, { strings: ['orders', 'port', 'id'], booleans: [] }, usage);
  for (const name of ['orders', 'port', 'id'] as const) {
    if (values[name] !== undefined && !allowed.includes(name)) throw new UsageError(`unknown option --${name}`, usage);
  }
  if (values.id !== undefined && !INSTANCE_ID.test(values.id))
    throw new UsageError(`--id must be 1 to 100 of A-Z a-z 0-9 . _ : @ -, not ${JSON.stringify(values.id)}`, usage);
  return {
    orders: integerOption(values.orders, 'orders', { min: 1, max: 50 }, usage),
    port: integerOption(values.port, 'port', { min: 1, max: 65535 }, usage),
    id: values.id,
    help: values.help ?? false,
  };
}
