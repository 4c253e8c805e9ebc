import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDotEnv as loadRepositoryEnv } from '@order-platform/service-kit';

/** The checkout: where the pnpm scripts run, .env lives and the deployables' entry points are. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The pnpm commands read the repository's .env as the services do (real environment variables win). */
export function loadDotEnv(): void {
  loadRepositoryEnv();
}
