import { defineConfig } from 'vitest/config';

const PACKAGES = '{gateway,infra,services/*,services/lib/*,scripts/*}';

/**
 * Three projects, fastest first:
 * - `unit`: specs next to the pure code (`src/**\/*.spec.ts`).
 * - `component`: a package's tests that start real processes or servers but need neither Kafka nor
 *   the database (`test/**\/*.component.test.ts`): `pnpm test:fast` runs these two in seconds, no Java.
 * - `integration`: each package's `test/` folder against the real Kafka, Connect and database that
 *   one global setup brings up, reusing whatever already runs.
 * `pnpm test` runs all three.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${PACKAGES}/src/**/*.spec.ts`],
        },
      },
      {
        test: {
          name: 'component',
          include: [`${PACKAGES}/test/**/*.component.test.ts`],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [`${PACKAGES}/test/**/*.test.ts`],
          exclude: ['**/node_modules/**', '**/*.component.test.ts'],
          globalSetup: ['./infra/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Two cores run the broker, the worker, MariaDB and the services under test: files in
          // parallel would mostly measure contention and make waits flaky.
          fileParallelism: false,
        },
      },
    ],
  },
});
