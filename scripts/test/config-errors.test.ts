import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/platform.js';

/**
 * A wrong setting is a usage error: each binary says which key in one block and exits 2, before it
 * starts anything, never with a stack trace.
 */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runBinary(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, entry], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a wrong setting at start-up', () => {
  it.each([
    ['gateway', 'gateway/src/main.ts', { REGISTRY_TTL_MS: 'soon' }, 'REGISTRY_TTL_MS'],
    ['order-service', 'services/order-service/src/main.ts', { PORT: 'eighty' }, 'PORT'],
    ['catalog-service', 'services/catalog-service/src/main.ts', { CATALOG_BATCH_MAX: '-1' }, 'CATALOG_BATCH_MAX'],
    [
      'order-service',
      'services/order-service/src/main.ts',
      { HOST: '0.0.0.0', ADVERTISED_HOST: '' },
      'ADVERTISED_HOST',
    ],
    ['catalog-service', 'services/catalog-service/src/main.ts', { HOST: '::', ADVERTISED_HOST: '' }, 'ADVERTISED_HOST'],
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
