import { ConnectError } from '@order-platform/infra';
import { ConfigError } from '@order-platform/service-kit';
import { CliError, info, out } from './errors.js';
import { loadDotEnv } from './repo.js';

/**
 * Ctrl-C under `pnpm <script>` reaches the command more than once (the terminal signals the whole
 * process group, and tsx relays it again): repeats within a second are the same request. A later
 * one means "now": `again` runs (by default: exit 130 at once).
 */
export function onInterrupt(
  stop: (signal: NodeJS.Signals) => void,
  again: (signal: NodeJS.Signals) => void = () => process.exit(130),
): void {
  let firstAt: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      stop(signal);
    } else if (Date.now() - firstAt > 1000) again(signal);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

/** Runs a command's main: reads .env like the other pnpm scripts, maps errors to messages and exit codes. */
export function runCommand(main: () => Promise<number | void>): void {
  loadDotEnv();
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      const { message, hint, exitCode } = describeError(error);
      info(`✗ ${message}`);
      if (hint) info(`  → ${hint}`);
      process.exit(exitCode);
    },
  );
}

/**
 * For the long-running commands (pnpm start, bench, chaos), before they start anything: parses
 * the arguments (and configuration); `parse` answers 'help' for --help, and then the usage is
 * printed and the command exits 0. A usage or configuration error prints one line (and the
 * usage) and exits 2.
 */
export function parseOrExit<T>(command: string, usage: string, parse: () => T | 'help'): T {
  let parsed: T | 'help';
  try {
    parsed = parse();
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`${command}: ${(error as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    out(`usage: ${usage}`);
    process.exit(0);
  }
  return parsed;
}

function describeError(error: unknown): { message: string; hint?: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, hint: error.hint, exitCode: error.exitCode };
  if (error instanceof ConfigError)
    return { message: error.message, hint: 'See .env.example for every key and its default.', exitCode: 2 };
  if (error instanceof ConnectError) {
    return {
      message: error.message,
      hint:
        error.status === undefined
          ? 'Is Kafka Connect running? pnpm infra:up starts it (check CONNECT_URL).'
          : undefined,
      exitCode: 1,
    };
  }
  if (error instanceof Error && error.name === 'InfraError')
    return { message: error.message, hint: (error as Error & { hint?: string }).hint, exitCode: 1 };
  return { message: error instanceof Error ? `${error.name}: ${error.message}` : String(error), exitCode: 1 };
}
