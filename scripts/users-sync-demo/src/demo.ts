import { loadInfraConfig } from '@order-platform/infra';
import { info, out, parseOptions, runCommand } from '@order-platform/command-kit';
import { setUpUsersSync, stopUsersSync, tearDownUsersSync, type UsersSync } from './users-sync-setup.js';
import { loadUsersSyncConfig } from './users-sync-config.js';
import {
  insertReachesTopicAndTable,
  producedRecordReachesOnlySinkTable,
  updateIsReflected,
  type StepResult,
} from './users-sync-steps.js';

/**
 * `pnpm demo:users-sync`: the seed's database-to-database sync through Kafka, run end to end.
 * Progress goes to stderr, what each step observed (the topic record, the sink's row) to stdout;
 * the exit code is non-zero when any step fails.
 */
const usage =
  'pnpm demo:users-sync [--keep]   (--keep leaves the binlog server and both connectors running)\n' +
  '       pnpm demo:users-sync --stop     (removes what --keep left)';

const say = (line: string) => info(`  ${line}`);

runCommand(async () => {
  const { values } = parseOptions(process.argv.slice(2), { strings: [], booleans: ['keep', 'stop'] }, usage);
  if (values.help) return void out(`usage: ${usage}`);
  if (values.stop) return stopUsersSync(loadUsersSyncConfig(), loadInfraConfig(), say);

  const config = loadUsersSyncConfig();
  const { USERS_SOURCE_CONNECTOR: source, USERS_SINK_CONNECTOR: sink } = config;
  info(`▸ Setting up: binlog MariaDB with the users table, topic, ${source} and ${sink}`);
  let sync: UsersSync;
  try {
    sync = await setUpUsersSync(say);
  } catch (error) {
    if (!values.keep) await stopUsersSync(config, loadInfraConfig(), say).catch(() => undefined);
    throw error;
  }
  const topic = sync.config.USERS_TOPIC;
  let failures = 0;
  const step = async <T extends StepResult>(title: string, run: () => Promise<T>): Promise<T | undefined> => {
    info(`▸ ${title}`);
    try {
      const result = await run();
      if (result.record) out(`topic ${topic}, offset ${result.record.offset}: ${result.record.text}`);
      out(`table ${topic}: ${JSON.stringify(result.row)}`);
      info('  ✓ ok');
      return result;
    } catch (error) {
      failures += 1;
      info(`  ✗ ${(error as Error).message}`);
      return undefined;
    }
  };

  try {
    const inserted = await step(`1/3 a row inserted into users reaches topic and table ${topic}`, () =>
      insertReachesTopicAndTable(sync),
    );
    if (inserted)
      await step(`2/3 updating users.id ${inserted.id} changes its copy in ${topic}`, () =>
        updateIsReflected(sync, inserted.id),
      );
    else {
      failures += 1;
      info('▸ 2/3 update: skipped, the insert did not arrive');
    }
    await step(
      `3/3 a record written straight to topic ${topic} (pnpm kafka:produce) reaches table ${topic} only`,
      async () => {
        const result = await producedRecordReachesOnlySinkTable(sync);
        out(`produced: ${result.line}`);
        return result;
      },
    );
  } finally {
    await tearDownUsersSync(sync, values.keep ?? false, say);
  }
  info(failures === 0 ? '✓ users sync: all 3 steps passed' : `✗ users sync: ${failures} step(s) failed`);
  return failures === 0 ? 0 : 1;
});
