import { createProgress, down, loadInfraConfig, up } from '../src/index.js';

/**
 * Brings the real infrastructure up once for the whole integration run (reusing what already
 * runs) and, at the end, stops only what it started itself, unless INFRA_KEEP=1 asks to keep it
 * for the next run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadInfraConfig();
  const progress = createProgress((line) => process.stderr.write(`[infra] ${line}\n`));
  const result = await up(config, progress);
  process.stderr.write(`[infra] ${result.summary.at(-1)}\n`);
  const startedHere = result.broker.state === 'started' || result.worker.state === 'started';
  return async () => {
    if (startedHere && process.env.INFRA_KEEP !== '1') {
      process.stderr.write('[infra] stopping the broker and worker this test run started (INFRA_KEEP=1 keeps them)\n');
      await down(config, createProgress(() => {}));
    }
  };
}
