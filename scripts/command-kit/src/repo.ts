import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: where the pnpm scripts run, .env lives and the deployables' entry points are. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The pnpm commands read the repository's .env like `pnpm infra:*` do; real environment variables win. */
export function loadDotEnv(): void {
  const envFile = path.join(repoRoot, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
}
