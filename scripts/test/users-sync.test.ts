import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '@order-platform/infra';
import { ConnectClient } from '@order-platform/shared';
import { findFreePort } from '../src/index.js';
import { setUpUsersSync, stopUsersSync, tearDownUsersSync, type UsersSync } from '../src/users-sync/users-sync-setup.js';
import { insertReachesTopicAndTable, producedRecordReachesOnlySinkTable, updateIsReflected } from '../src/users-sync/users-sync-steps.js';
import { entries, runCli } from './cli-runner.js';

/**
 * The seed's database-to-database sync through Kafka, on the real pipeline: the demo's binlog
 * MariaDB, Debezium's MariaDB source my-source-connect and the JDBC sink my-sink-connect on the
 * shared worker. First `pnpm demo:users-sync` as a whole (exit codes), then each observation of
 * the seed on its own, with the records and rows checked field by field.
 */
const SEED_FIELDS = [
  { type: 'int32', optional: false, field: 'id' },
  { type: 'string', optional: true, field: 'user_id' },
  { type: 'string', optional: true, field: 'pwd' },
  { type: 'string', optional: true, field: 'name' },
  expect.objectContaining({ type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1, field: 'created_at' }),
];

describe('pnpm demo:users-sync', () => {
  it('when Kafka Connect is unreachable, then the demo exits 1 with the reason', async () => {
    const port = await findFreePort(29_300);
    const result = await runCli(entries.demo, [], { env: { CONNECT_URL: `http://127.0.0.1:${port}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Kafka Connect at http://127.0.0.1:${port} is unreachable`);
  });

  it('when run end to end, then its three steps pass, it prints what reached the topic and the table, and exits 0', { timeout: 240_000 }, async () => {
    // --keep: the step-by-step tests below reuse the running server and connectors, and remove them.
    const result = await runCli(entries.demo, ['--keep'], { timeoutMs: 230_000 });
    expect(result.stderr).toContain('✓ users sync: all 3 steps passed');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^topic my_topic_users, offset \d+: \{"schema"/gm)).toHaveLength(2);
    expect(result.stdout.match(/^table my_topic_users: \{"id"/gm)).toHaveLength(3);
    expect(result.stderr).toContain('kept: the binlog MariaDB');
  });
});

describe('users sync, step by step', () => {
  let sync: UsersSync;
  let insertedId: number;

  beforeAll(async () => {
    sync = await setUpUsersSync(() => {});
  }, 180_000);

  afterAll(async () => {
    if (sync) await tearDownUsersSync(sync, false, () => {});
    else await stopUsersSync(loadInfraConfig(), () => {});
    // Nothing of the demo stays behind on the shared worker.
    const names = await new ConnectClient(loadInfraConfig().CONNECT_URL).listConnectors();
    expect(names.filter((name) => name === 'my-source-connect' || name === 'my-sink-connect')).toEqual([]);
  }, 60_000);

  it('when a row is inserted into users, then my-source-connect writes it to my_topic_users in the seed\'s schema+payload form, and my-sink-connect copies it into table my_topic_users', async () => {
    const { id, userId, record, row } = await insertReachesTopicAndTable(sync);
    insertedId = id;
    const value = JSON.parse(record!.text) as { schema: { name: string; fields: unknown[] }; payload: Record<string, unknown> };
    expect(value.schema).toMatchObject({ type: 'struct', optional: false, name: 'users' });
    expect(value.schema.fields).toEqual(SEED_FIELDS);
    expect(value.payload).toEqual({ id, user_id: userId, pwd: 'test1111', name: 'test1', created_at: expect.any(Number) });
    expect(row).toMatchObject({ id, user_id: userId, pwd: 'test1111', name: 'test1' });
    expect(row.created_at?.getTime()).toBe(value.payload.created_at);
  });

  it('when that row is updated, then the change reaches the topic and the copy in my_topic_users (the seed\'s incrementing source would miss it)', async () => {
    expect(insertedId).toBeDefined();
    const { record, row } = await updateIsReflected(sync, insertedId);
    const payload = (JSON.parse(record!.text) as { payload: { id: number; name: string } }).payload;
    expect(payload.id).toBe(insertedId);
    expect(row.name).toBe(payload.name);
    expect(row.id).toBe(insertedId);
  });

  it('when a schema+payload record is produced straight to my_topic_users with kafka:produce, then it lands in table my_topic_users and not in users', async () => {
    const { id, userId, row } = await producedRecordReachesOnlySinkTable(sync);
    expect(row).toMatchObject({ id, user_id: userId, pwd: 'test2222', name: 'from-producer' });
    expect(await sync.db('users').where({ user_id: userId }).first()).toBeUndefined();
  });
});
