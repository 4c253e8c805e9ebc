import { createProgress, down, dropPipeline, loadInfraConfig, pipelineEnv, silentProgress, up } from '../src/index.js';

/**
 * Brings the real broker and worker up once for the whole integration run (reusing what already
 * runs; the platform's own databases, topics and connector are neither created nor migrated, which
 * would write them), then creates the run's own pipeline on it: topics, databases, sink connector and
 * catalog group named `t<run id>-…`, handed to every test and every process a test starts through
 * the environment. No test touches the platform's own `orders`, `example-catalog-topic`,
 * `my-order-sink-connect`, `mydb` or `catalogdb`, which a user may be running on the defaults.
 * At the end it drops the pipeline and stops only what it started itself (INFRA_KEEP=1 keeps it).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const shared = loadInfraConfig();
  const progress = createProgress((line) => process.stderr.write(`[infra] ${line}\n`));
  const result = await up(shared, progress, { pipeline: false });
  process.stderr.write(`[infra] ${result.summary.at(-1)}\n`);
  const startedHere = result.broker.state === 'started' || result.worker.state === 'started';

  const pipeline = pipelineEnv(`t${Date.now().toString(36)}`);
  Object.assign(process.env, pipeline);
  const config = loadInfraConfig();
  await up(config, silentProgress);
  process.stderr.write(`[infra] this run's pipeline: ${Object.values(pipeline).join(', ')}\n`);

  return async () => {
    await dropPipeline(config, pipeline.CATALOG_GROUP_ID).catch((error: unknown) => {
      process.stderr.write(`[infra] could not drop this run's pipeline: ${(error as Error).message}\n`);
    });
    if (startedHere && process.env.INFRA_KEEP !== '1') {
      process.stderr.write('[infra] stopping the broker and worker this test run started (INFRA_KEEP=1 keeps them)\n');
      await down(
        config,
        createProgress(() => {}),
      );
    }
  };
}
