import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '@order-platform/service-kit';
import { ConnectError } from '@order-platform/infra';
import { loadDotEnv } from '../platform.js';

/**
 * What the `pnpm kafka:*`, `connect:*` and `demo:*` commands share: stdout carries data only (so
 * `--json` output pipes into jq), progress and errors go to stderr, and every failure ends with a
 * message a newcomer can act on and a non-zero exit code (2: bad usage, 1: anything else).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, usage: string) {
    super(message, `usage: ${usage}`, 2);
  }
}

export const out = (line: string): void => void process.stdout.write(`${line}\n`);
export const info = (line: string): void => void process.stderr.write(`${line}\n`);

/** node:util parseArgs, minus the bare `--` pnpm may pass through; errors become usage errors. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  usage: string,
  positionals = 0,
) {
  try {
    const parsed = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options,
      strict: true,
      allowPositionals: positionals > 0,
    });
    if (parsed.positionals.length > positionals)
      throw new Error(`unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
    return parsed;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

export function positiveInt(value: string | undefined, option: string, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${option} must be a positive integer, not ${JSON.stringify(value)}`, usage);
  return number;
}

/**
 * Ctrl-C under `pnpm <script>` reaches the command more than once (the terminal signals the whole
 * process group, and tsx relays it again): repeats within a second are the same request. A later
 * one means "now" and exits at once.
 */
export function onInterrupt(stop: () => void): void {
  let firstAt: number | undefined;
  const handle = () => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      stop();
    } else if (Date.now() - firstAt > 1000) process.exit(130);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

/** Runs a command's main: reads .env like the other pnpm scripts, maps errors to messages and exit codes. */
export function runCli(main: () => Promise<number | void>): void {
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
