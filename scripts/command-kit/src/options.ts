import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Names = readonly string[];

/** A command's options by kind: strings, flags, and strings that may be repeated (`--config a=1 --config b=2`). */
export interface OptionNames<S extends Names, B extends Names, L extends Names> {
  strings: S;
  booleans: B;
  lists?: L;
}

type OptionSpec<S extends Names, B extends Names, L extends Names> = { [K in S[number]]: { type: 'string' } } & {
  [K in B[number]]: { type: 'boolean' };
} & { [K in L[number]]: { type: 'string'; multiple: true } } & { help: { type: 'boolean'; short: 'h' } };

/** The declaration parseArgs wants, from the names of each kind of option (plus -h/--help). */
export function optionSpec<const S extends Names, const B extends Names, const L extends Names = []>(
  names: OptionNames<S, B, L>,
): OptionSpec<S, B, L> {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of names.strings) spec[name] = { type: 'string' };
  for (const name of names.booleans) spec[name] = { type: 'boolean' };
  for (const name of names.lists ?? []) spec[name] = { type: 'string', multiple: true };
  return spec as OptionSpec<S, B, L>;
}

/**
 * node:util parseArgs for a command's arguments, minus the bare `--` pnpm may pass through (so
 * `pnpm bench -- --quick` and `--orders=3` both work); any error becomes a usage error.
 */
export function parseOptions<const S extends Names, const B extends Names, const L extends Names = []>(
  argv: string[],
  names: OptionNames<S, B, L> & { positionals?: number },
  usage: string,
) {
  const positionals = names.positionals ?? 0;
  try {
    const parsed = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: optionSpec(names),
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

/** An integer option within [min, max]; undefined when not given. */
export function integerOption(
  raw: string | undefined,
  option: string,
  range: { min: number; max?: number },
  usage: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(value) || value < range.min || value > max) {
    const within =
      range.max !== undefined
        ? `an integer from ${range.min} to ${range.max}`
        : range.min === 1
          ? 'a positive integer'
          : `an integer >= ${range.min}`;
    throw new UsageError(`--${option} must be ${within}, not ${JSON.stringify(raw)}`, usage);
  }
  return value;
}

export function positiveInt(raw: string | undefined, option: string, usage: string): number | undefined {
  return integerOption(raw, option.replace(/^--/, ''), { min: 1 }, usage);
}

/** A number >= 0 (seconds, counts); undefined when not given. */
export function numberOption(raw: string | undefined, option: string, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`--${option} must be a number >= 0, not ${JSON.stringify(raw)}`, usage);
  return value;
}

/** A comma-separated list of positive numbers (`--connections 16,64`); undefined when not given. */
export function listOption(raw: string | undefined, option: string, usage: string): number[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value <= 0))
    throw new UsageError(`--${option} must be a list of positive numbers, not ${JSON.stringify(raw)}`, usage);
  return values;
}
