import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@order-platform/command-kit';
import { findNginx } from '../src/nginx-yardstick.js';

/**
 * The benchmark harness end to end, as a smoke test so it cannot rot: `pnpm bench -- --quick`
 * starts the platform on its own ports, runs every scenario for about a second and writes its
 * results. Only the shape is checked, never a figure: speed is the benchmark's business, not the
 * test suite's.
 */
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

const REFERENCE_FIGURES = [
  'noopCeilingRps',
  'ordersPerSec',
  'orderP99Ms',
  'visibilityP99Ms',
  'getP99Ms',
  'consumerMsgsPerSec',
  'startupSeconds',
  'gatewayOverhead',
  'nodeCpuMsPerOrder',
  'directOrdersPerSec',
  'cores',
  'memoryGiB',
];

describe('pnpm bench', () => {
  it(
    'when run with --quick, then latest.json has every reference figure and each scenario, and a dated copy',
    { timeout: 600_000 },
    async () => {
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = execFile(
          'pnpm',
          ['bench', '--', '--quick', '--out', outDir],
          { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
        );
        child.stdin?.end();
      });
      expect(code, output.slice(-3000)).toBe(0);

      const latest = JSON.parse(fs.readFileSync(path.join(outDir, 'latest.json'), 'utf8')) as Record<string, unknown>;
      for (const figure of REFERENCE_FIGURES)
        expect(Number.isFinite(latest[figure]), `${figure} = ${String(latest[figure])}`).toBe(true);
      expect(latest.versions).toMatchObject({
        node: process.versions.node,
        kafka: expect.any(String),
        mariadb: expect.any(String),
      });
      expect(Object.keys(latest.scenarios as object).sort()).toEqual([
        'ceiling',
        'consumer',
        'directOrders',
        'memory',
        'orders',
        'reads',
        'start',
        'tracing',
        'visibility',
      ]);
      const dated = fs.readdirSync(outDir).filter((file) => /^\d{4}-\d\d-\d\dT.*\.json$/.test(file));
      expect(dated).toHaveLength(1);
      expect(fs.readFileSync(path.join(outDir, dated[0]!), 'utf8')).toBe(
        fs.readFileSync(path.join(outDir, 'latest.json'), 'utf8'),
      );
      expect(output).toContain('| orders/s, 2 instances');
      // nginx, the yardstick, runs when it is installed (.ci/run installs it); without it the run says so.
      if (findNginx()) expect(latest.nginxCeilingRps).toBeGreaterThan(0);
      else expect(output).toContain('nginx is not installed');
      const tracing = (latest.scenarios as { tracing: { runs: Array<{ mode: string }> } }).tracing;
      expect(tracing.runs.map((run) => run.mode)).toEqual(['off', 'on', 'sampled10']);
      expect(output).toContain('Tracing (2 instances');
    },
  );
});
