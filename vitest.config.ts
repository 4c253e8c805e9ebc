import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (specs next to the pure code, no infrastructure) and `integration` (each
 * package's test/ folder, against the real Kafka, Connect and database that one global setup
 * brings up, reusing whatever already runs). `pnpm test` runs both.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{gateway,infra,services/*,services/lib/*,scripts}/src/**/*.spec.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{gateway,infra,services/*,services/lib/*,scripts}/test/**/*.test.ts'],
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
