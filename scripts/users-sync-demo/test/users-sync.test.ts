import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/infra';
import { uniqueId } from '@order-platform/test-kit';
import { cliKafka } from '@order-platform/cli';
import { runEntry } from '@order-platform/command-kit';
import { findFreePort } from '@order-platform/platform-harness';
import { setUpUsersSync, stopUsersSync, tearDownUsersSync, type UsersSync } from '../src/users-sync-setup.js';
import {
  insertReachesTopicAndTable,
  producedRecordReachesOnlySinkTable,
  updateIsReflected,
} from '../src/users-sync-steps.js';
import { loadUsersSyncConfig } from '../src/users-sync-config.js';

const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));

/**
 * The seed's database-to-database sync through Kafka, on the real pipeline: a binlog MariaDB,
 * Debezium's MariaDB source and the JDBC sink on the shared worker. First `pnpm demo:users-sync`
 * as a whole (exit codes), then each observation of the seed on its own, with the records and
 * rows checked field by field. Everything runs under names of this run (connectors, topic,
 * database, capture prefix) and on a binlog server of its own (port, data directory), so a user's
 * demo on the defaults (my-source-connect, my_topic_users, the server on 3307) is never touched.
 */
const SEED_FIELDS = [
  { type: 'int32', optional: false, field: 'id' },
  { type: 'string', optional: true, field: 'user_id' },
  { type: 'string', optional: true, field: 'pwd' },
  { type: 'string', optional: true, field: 'name' },
  expect.objectContaining({
    type: 'int64',
    optional: true,
    name: 'org.apache.kafka.connect.data.Timestamp',
    version: 1,
    field: 'created_at',
  }),
];

// Underscores: the id also names a database, a table and a Debezium topic prefix.
const run = uniqueId('us').replace('-', '_');
const binlogDir = fs.mkdtempSync(path.join(os.tmpdir(), `${run}-binlog-`));
const testEnv: Record<string, string> = {
  USERS_SOURCE_CONNECTOR: `${run}-source`,
  USERS_SINK_CONNECTOR: `${run}-sink`,
  USERS_TOPIC: `${run}_users`,
  USERS_DB: `${run}_db`,
  USERS_SOURCE_PREFIX: `${run}_src`,
  BINLOG_DB_DIR: binlogDir,
};
const topic = testEnv.USERS_TOPIC!;
const env = () => ({ ...process.env, ...testEnv });

beforeAll(async () => {
  testEnv.BINLOG_DB_PORT = String(await findFreePort(23_400));
});

/** What the run created beyond connectors and server: its topics, the sink's group, the data directory. */
async function removeRunState(historyTopics: string[]): Promise<void> {
  const infra = loadInfraConfig(env());
  const admin = cliKafka(infra.KAFKA_BROKERS, `${run}-cleanup`).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [topic, `${topic}.dlq`, ...historyTopics].filter((name) => existing.has(name));
    if (topics.length) await admin.deleteTopics({ topics });
    // Not there when the sink never committed: nothing to delete then.
    await admin.deleteGroups([`connect-${testEnv.USERS_SINK_CONNECTOR}`]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  fs.rmSync(binlogDir, { recursive: true, force: true });
}

describe('pnpm demo:users-sync', () => {
  it('when Kafka Connect is unreachable, then the demo exits 1 with the reason', async () => {
    const port = await findFreePort(29_300);
    const result = await runEntry(demo, [], { env: { ...testEnv, CONNECT_URL: `http://127.0.0.1:${port}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Kafka Connect at http://127.0.0.1:${port} is unreachable`);
  });

  it(
    'when run end to end, then its three steps pass, it prints what reached the topic and the table, and exits 0',
    { timeout: 240_000 },
    async () => {
      // --keep: the step-by-step tests below reuse the running server and connectors, and remove them.
      const result = await runEntry(demo, ['--keep'], { env: testEnv, timeoutMs: 230_000 });
      expect(result.stderr).toContain('✓ users sync: all 3 steps passed');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`connectors ${run}-source, ${run}-sink: RUNNING`);
      expect(result.stdout.match(new RegExp(`^topic ${topic}, offset \\d+: \\{"schema"`, 'gm'))).toHaveLength(2);
      expect(result.stdout.match(new RegExp(`^table ${topic}: \\{"id"`, 'gm'))).toHaveLength(3);
      expect(result.stderr).toContain('kept: the binlog MariaDB');
    },
  );
});

describe('users sync, step by step', () => {
  let sync: UsersSync;
  let insertedId: number;

  beforeAll(async () => {
    sync = await setUpUsersSync(() => {}, env());
  }, 180_000);

  afterAll(async () => {
    const infra = loadInfraConfig(env());
    if (sync) await tearDownUsersSync(sync, false, () => {});
    else await stopUsersSync(loadUsersSyncConfig(env()), infra, () => {});
    await removeRunState(sync ? [sync.capture.historyTopic] : []);
    // Nothing of this run stays behind on the shared worker.
    const names = await new ConnectClient(infra.CONNECT_URL).listConnectors();
    expect(names.filter((name) => name.startsWith(run))).toEqual([]);
  }, 60_000);

  it("when a row is inserted into users, then it reaches the topic (seed's form) and the sink's table", async () => {
    expect(sync.capture.prefix).toMatch(new RegExp(`^${run}_src_[0-9a-f]{8}$`));
    const { id, userId, record, row } = await insertReachesTopicAndTable(sync);
    insertedId = id;
    const value = JSON.parse(record!.text) as {
      schema: { name: string; fields: unknown[] };
      payload: Record<string, unknown>;
    };
    expect(value.schema).toMatchObject({ type: 'struct', optional: false, name: 'users' });
    expect(value.schema.fields).toEqual(SEED_FIELDS);
    expect(value.payload).toEqual({
      id,
      user_id: userId,
      pwd: 'test1111',
      name: 'test1',
      created_at: expect.any(Number),
    });
    expect(row).toMatchObject({ id, user_id: userId, pwd: 'test1111', name: 'test1' });
    expect(row.created_at?.getTime()).toBe(value.payload.created_at);
  });

  it("when that row is updated, then the change reaches the topic and the sink's copy", async () => {
    expect(insertedId).toBeDefined();
    const { record, row } = await updateIsReflected(sync, insertedId);
    const payload = (JSON.parse(record!.text) as { payload: { id: number; name: string } }).payload;
    expect(payload.id).toBe(insertedId);
    expect(row.name).toBe(payload.name);
    expect(row.id).toBe(insertedId);
  });

  it("when a record is produced to the topic, then it lands in the sink's table, not in users", async () => {
    const { id, userId, row } = await producedRecordReachesOnlySinkTable(sync);
    expect(row).toMatchObject({ id, user_id: userId, pwd: 'test2222', name: 'from-producer' });
    expect(await sync.db('users').where({ user_id: userId }).first()).toBeUndefined();
  });
});
