import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deadPort } from './helpers.js';

const gatewayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('gateway process, registry without a secret', () => {
  it(
    'when the registry binds a non-loopback address and REGISTRY_SECRET is empty,' +
      ' then it refuses to start: one line names the setting, exit code 2, nothing listens',
    { timeout: 40_000 },
    async () => {
      const [port, registryPort] = [await deadPort(), await deadPort()];
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: gatewayDir,
        env: {
          ...process.env,
          GATEWAY_PORT: String(port),
          REGISTRY_PORT: String(registryPort),
          REGISTRY_HOST: '0.0.0.0',
          REGISTRY_SECRET: '',
          ENV_FILE: '/dev/null',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));

      expect(code).toBe(2);
      const naming = stderr.split('\n').filter((line) => line.includes('REGISTRY_SECRET'));
      expect(naming).toHaveLength(1);
      expect(naming[0]).toMatch(/REGISTRY_SECRET: required when REGISTRY_HOST=0\.0\.0\.0/);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).not.toContain('gateway listening');
    },
  );
});
