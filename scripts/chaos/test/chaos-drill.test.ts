import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEntry } from '@order-platform/command-kit';

/**
 * The drill that proves the platform's promise, in every test run: `pnpm chaos -- --duration 60`
 * on its private infrastructure (its own broker, Connect worker, pipeline and ports), with all six
 * faults. It fails on any order lost, doubled, refused-but-persisted or unexplained, on a stock
 * that does not add up, and on a sink or consumer that does not end RUNNING with zero lag.
 */
const chaos = fileURLToPath(new URL('../src/run.ts', import.meta.url));

describe('pnpm chaos', () => {
  it(
    'when it runs for 60 s with all six faults, then each accepted order is persisted once and the stock adds up',
    { timeout: 900_000 },
    async () => {
      const run = await runEntry(chaos, ['--duration', '60'], { timeoutMs: 870_000 });
      const lines = run.stdout.trimEnd().split('\n');
      // The drill's summary goes to the test log: what CI shows when it passes, and why when it fails.
      console.log(lines.filter((line) => /fault \d\/6|recovered in|\| |chaos: /.test(line)).join('\n'));
      if (run.code !== 0) console.log(`${run.stdout.slice(-6000)}\n${run.stderr.slice(-2000)}`);
      expect(lines.filter((line) => /fault \d\/6:/.test(line))).toHaveLength(6);
      expect(lines.at(-1)).toMatch(/chaos: OK accepted=(\d+) persisted-exactly-once=\1 lost=0 duplicated=0 faults=6 /);
      expect(run.code).toBe(0);
    },
  );
});
