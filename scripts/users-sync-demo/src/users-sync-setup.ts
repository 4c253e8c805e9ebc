import path from 'node:path';
import { applyConnector, loadInfraConfig, type InfraConfig } from '@order-platform/infra';
import { ConnectClient, ConnectError, shortenTrace } from '@order-platform/infra';
import { CliError } from '@order-platform/command-kit';
import { cliKafka, loadConnectorFile, waitForState, withAdmin } from '@order-platform/cli';
import { repoRoot } from '@order-platform/command-kit';
import { checkBinlog } from './binlog-checks.js';
import { binlogDbKnex, ensureBinlogDb, stopBinlogDb } from './binlog-db.js';
import { ensureCapture, type Capture } from './capture-state.js';
import { TopicWatcher, type TopicWriter } from './topic-watcher.js';
import { prepareUsersDb } from './users-db.js';
import { loadUsersSyncConfig, type UsersSyncConfig } from './users-sync-config.js';

export const MARIADB_SOURCE_CLASS = 'io.debezium.connector.mariadb.MariaDbConnector';
/** Not in infra/connectors/ itself: infra:up registers only what every developer needs. */
export const DEMO_CONNECTORS_DIR = path.join(repoRoot, 'infra/connectors/demo');
/** The files keep the seed's names; the connectors' names come from the configuration. */
const SOURCE_FILE = path.join(DEMO_CONNECTORS_DIR, 'my-source-connect.json');
const SINK_FILE = path.join(DEMO_CONNECTORS_DIR, 'my-sink-connect.json');

export const demoConnectors = (config: UsersSyncConfig) => [config.USERS_SOURCE_CONNECTOR, config.USERS_SINK_CONNECTOR];

export interface UsersSync {
  config: UsersSyncConfig;
  infra: InfraConfig;
  client: ConnectClient;
  /** The users database on the binlog server (users, and the sink's my_topic_users). */
  db: ReturnType<typeof binlogDbKnex>;
  watcher: TopicWatcher;
  /** Whose offsets and schema history the source uses (capture-state.ts). */
  capture: Capture;
  timeoutMs: number;
  server: 'running' | 'started' | 'reused';
}

/**
 * Everything the seed sets up by hand before its test: the binlog server with the users table,
 * the topic, and both connectors RUNNING. Idempotent: a second run reuses what is there.
 */
export async function setUpUsersSync(
  say: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<UsersSync> {
  const config = loadUsersSyncConfig(env);
  const infra = loadInfraConfig(env);
  const timeoutMs = config.USERS_SYNC_TIMEOUT_S * 1000;
  const client = new ConnectClient(infra.CONNECT_URL);
  const plugins = await client.plugins();
  if (!plugins.some((plugin) => plugin.class === MARIADB_SOURCE_CLASS)) {
    throw new CliError(
      `the Kafka Connect worker at ${infra.CONNECT_URL} has no ${MARIADB_SOURCE_CLASS} plugin`,
      'Run pnpm infra:up: it fetches the plugin (infra/pom.xml) and restarts the worker it started ' +
        'so that it loads it.',
    );
  }

  const kafka = cliKafka(infra.KAFKA_BROKERS, 'users-sync-demo');
  await withAdmin(kafka, infra.KAFKA_BROKERS, async (admin) => {
    if ((await admin.listTopics()).includes(config.USERS_TOPIC)) return;
    // One partition: the changes of a row stay in order for the sink.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: config.USERS_TOPIC, numPartitions: 1, replicationFactor: infra.TOPIC_REPLICATION_FACTOR }],
    });
    say(`created topic ${config.USERS_TOPIC}`);
  });

  const server = await ensureBinlogDb(config, infra, say);
  say(`binlog MariaDB on ${config.BINLOG_DB_HOST}:${config.BINLOG_DB_PORT}: ${server}`);
  if (server === 'reused') await checkBinlog(config, infra);
  await prepareUsersDb(config, infra);
  const db = binlogDbKnex(config, infra, config.USERS_DB);
  try {
    const capture = await withAdmin(kafka, infra.KAFKA_BROKERS, (admin) => ensureCapture(db, admin, config, say));
    const captureValues = { USERS_CAPTURE_PREFIX: capture.prefix, USERS_SCHEMA_HISTORY_TOPIC: capture.historyTopic };
    const values = { ...infra, ...config, ...captureValues };
    for (const file of [SOURCE_FILE, SINK_FILE]) {
      const definition = loadConnectorFile(file, values);
      say(`connector ${definition.name}: ${await applyConnector(client, definition)}`);
    }
    for (const name of demoConnectors(config)) await waitForState(client, name, 'RUNNING', timeoutMs);
    say(`connectors ${demoConnectors(config).join(', ')}: RUNNING`);

    const writer = sourceWriter(client, config.USERS_SOURCE_CONNECTOR);
    const watcher = await TopicWatcher.start(kafka, config.USERS_TOPIC, writer);
    return { config, infra, client, db, watcher, capture, timeoutMs, server };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function sourceWriter(client: ConnectClient, name: string): TopicWriter {
  return {
    name,
    failure: async () => {
      const status = await client.status(name);
      const failed = [status.connector, ...status.tasks].find((part) => part.state === 'FAILED');
      return failed ? `${name} FAILED:\n${shortenTrace(failed.trace)}` : undefined;
    },
  };
}

/** Releases the demo's clients; unless `keep`, also removes its connectors and stops its server. */
export async function tearDownUsersSync(sync: UsersSync, keep: boolean, say: (line: string) => void): Promise<void> {
  await sync.watcher.stop().catch(() => undefined);
  await sync.db.destroy();
  if (keep) {
    const where = `${sync.config.BINLOG_DB_HOST}:${sync.config.BINLOG_DB_PORT}`;
    return say(`kept: the binlog MariaDB on ${where} and the connectors (pnpm demo:users-sync --stop removes them)`);
  }
  await stopUsersSync(sync.config, sync.infra, say);
}

/**
 * Removes the demo's connectors first (a source left without its database would turn FAILED on
 * the shared worker), then stops the binlog server if it is the demo's own (a server somebody
 * else runs on BINLOG_DB_PORT is never signalled). Offsets and schema history stay in Kafka, so
 * that the next run resumes where this one stopped.
 */
export async function stopUsersSync(
  config: UsersSyncConfig,
  infra: InfraConfig,
  say: (line: string) => void,
): Promise<void> {
  const client = new ConnectClient(infra.CONNECT_URL);
  for (const name of demoConnectors(config)) {
    try {
      await client.remove(name);
      say(`deleted connector ${name}`);
    } catch (error) {
      if (!(error instanceof ConnectError && error.status === 404)) throw error;
    }
  }
  say(`binlog MariaDB of the demo: ${await stopBinlogDb(config, infra)}`);
}
