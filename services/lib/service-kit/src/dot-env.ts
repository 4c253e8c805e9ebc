import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { ConfigError } from './config.js';

/** The repository's `.env`, found from this file (services/lib/service-kit/src), wherever the process runs. */
export const REPOSITORY_ENV_FILE = fileURLToPath(new URL('../../../../.env', import.meta.url));

/**
 * A service started directly (`tsx services/order-service/src/main.ts`) reads the same `.env` as
 * `pnpm start` and `pnpm infra:*`, so one file configures the whole platform. The file only fills
 * gaps: a variable already in the environment, even an empty one, wins. Node 24's
 * `process.loadEnvFile` happens to keep existing variables too, but says nothing about it in its
 * contract, so the rule is written here. `ENV_FILE` names another file (then it must exist);
 * without it a missing `.env` is normal. Returns the file read, if any.
 */
export function loadDotEnv(
  env: Record<string, string | undefined> = process.env,
  defaultFile: string = REPOSITORY_ENV_FILE,
): string | undefined {
  const named = env.ENV_FILE;
  const file = named || defaultFile;
  if (!fs.existsSync(file)) {
    if (named) throw new ConfigError([`ENV_FILE: no such file ${named}`]);
    return undefined;
  }
  for (const [key, value] of Object.entries(parseEnv(fs.readFileSync(file, 'utf8')))) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
