import { describe, expect, it } from 'vitest';
import { runEntry } from '@order-platform/command-kit';

/**
 * A wrong setting is a usage error: each binary says which key in one block and exits 2, before it
 * starts anything, never with a stack trace.
 */
async function runBinary(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const { code, stderr } = await runEntry(entry, [], { env, timeoutMs: 30_000 });
  return { code, stderr };
}

describe('a wrong setting at start-up', () => {
  it.each([
    ['gateway', 'gateway/src/main.ts', { REGISTRY_TTL_MS: 'soon' }, 'REGISTRY_TTL_MS'],
    ['order-service', 'services/order-service/src/main.ts', { ORDER_PORT: 'eighty' }, 'ORDER_PORT'],
    ['catalog-service', 'services/catalog-service/src/main.ts', { CATALOG_BATCH_MAX: '-1' }, 'CATALOG_BATCH_MAX'],
    ['console', 'services/console/src/main.ts', { CONSOLE_REFRESH_MS: 'often' }, 'CONSOLE_REFRESH_MS'],
    ['gateway', 'gateway/src/main.ts', { CONSOLE_URL: 'localhost:8002' }, 'CONSOLE_URL'],
    [
      'order-service',
      'services/order-service/src/main.ts',
      { ORDER_HOST: '0.0.0.0', ORDER_ADVERTISED_HOST: '' },
      'ORDER_ADVERTISED_HOST',
    ],
    [
      'catalog-service',
      'services/catalog-service/src/main.ts',
      { CATALOG_HOST: '::', CATALOG_ADVERTISED_HOST: '' },
      'CATALOG_ADVERTISED_HOST',
    ],
  ])(
    'when %s (%s) starts with %o, then it names the setting and exits 2 without a stack trace',
    { timeout: 40_000 },
    async (_name, entry, env, key) => {
      const { code, stderr } = await runBinary(entry, env);
      expect(stderr).toContain(`${key}:`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(2);
    },
  );
});
