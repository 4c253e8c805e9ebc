import { z } from 'zod';

/**
 * Every service describes its configuration as one zod object whose keys are the environment
 * variable names; each key carries a default and a description (`.default(...).describe(...)`),
 * so the schema is also the documentation. `loadConfig` is called once, in a `main.ts`.
 */
export type ConfigSchema = z.ZodObject<Record<string, z.ZodType>>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends ConfigSchema>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Only the schema's own keys are read; an empty string counts as "not set" so that
  // `FOO= pnpm start` falls back to the default instead of failing a number parse.
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const description = schema.shape[key]?.description;
      return `${key}: ${issue.message}${description ? ` (${description})` : ''}`;
    }),
  );
}

/** Rows of `key, default, description` for a README table or `--help`. */
export function describeConfig(
  schema: ConfigSchema,
): Array<{ key: string; defaultValue: string; description: string }> {
  const defaults = schema.safeParse({});
  return Object.entries(schema.shape).map(([key, field]) => ({
    key,
    defaultValue: defaults.success ? asEnvValue((defaults.data as Record<string, unknown>)[key]) : '',
    description: field.description ?? '',
  }));
}

/** A parsed default as `.env` spells it: a list joined by commas, nothing for no value. */
function asEnvValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Helpers for the common kinds of keys, so schemas stay one line per key. */
export const env = {
  string: (defaultValue: string, description: string) => z.string().default(defaultValue).describe(description),
  port: (defaultValue: number, description: string) =>
    z.coerce.number().int().min(0).max(65535).default(defaultValue).describe(description),
  int: (defaultValue: number, description: string, min = 0) =>
    z.coerce.number().int().min(min).default(defaultValue).describe(description),
  list: (defaultValue: string, description: string) =>
    z
      .string()
      .default(defaultValue)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      // Described last: a description set before .transform() stays on the inner schema.
      .describe(description),
  /** An http(s) URL; with `orNone`, also the word `none` (the feature it points to is off). */
  url: (defaultValue: string, description: string, options: { orNone?: boolean } = {}) =>
    z
      .string()
      .default(defaultValue)
      .refine((value) => (options.orNone && value === 'none') || /^https?:$/.test(URL.parse(value)?.protocol ?? ''), {
        message: `expected an http(s) URL${options.orNone ? ' or none' : ''}`,
      })
      .describe(description),
  /** A switch spelled true/false (also 1/0, yes/no, on/off). */
  flag: (defaultValue: boolean, description: string) => z.stringbool().default(defaultValue).describe(description),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
};

/**
 * Every binary's first step: parse its configuration once. A wrong key is a usage error, so it is
 * told in one block naming each key, with exit code 2, never as a stack trace. `check` adds rules
 * that span keys (it throws a ConfigError).
 */
export function loadConfigOrExit<S extends ConfigSchema>(
  schema: S,
  check?: (config: z.infer<S>) => void,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  return exitOnConfigError(() => {
    const config = loadConfig(schema, env);
    check?.(config);
    return config;
  });
}

/** Runs a start-up step; a ConfigError it throws is printed (one block, no stack) and exits 2. */
export function exitOnConfigError<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
