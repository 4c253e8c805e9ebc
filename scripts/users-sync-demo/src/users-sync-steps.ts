import { randomBytes, randomInt } from 'node:crypto';
import { cliEntries } from '@order-platform/cli';
import { CliError, runEntry } from '@order-platform/command-kit';
import type { WatchedRecord } from './topic-watcher.js';
import type { UsersSync } from './users-sync-setup.js';

/**
 * The seed's test of "DB sync through Kafka", one function per observation it makes: a row
 * inserted into `users` shows up in topic my_topic_users and in table my_topic_users; (beyond
 * the seed's incrementing source) an update does too; and a record produced straight to the
 * topic lands in my_topic_users only.
 */
export type UserRow = {
  id: number;
  user_id: string | null;
  pwd: string | null;
  name: string | null;
  created_at: Date | null;
};

export interface StepResult {
  id: number;
  userId: string;
  record?: WatchedRecord;
  row: UserRow;
}

/** user_id is varchar(20): a short prefix and 8 random hex digits. */
const uniqueUserId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function insertReachesTopicAndTable(sync: UsersSync): Promise<StepResult> {
  const userId = uniqueUserId('insert');
  const [id] = await sync.db('users').insert<number[]>({ user_id: userId, pwd: 'test1111', name: 'test1' });
  const record = await sync.watcher.waitFor(
    `the insert of ${userId}`,
    (payload) => payload.user_id === userId,
    sync.timeoutMs,
  );
  const row = await waitForSinkRow(sync, id!, (candidate) => candidate.user_id === userId, `the insert of ${userId}`);
  return { id: id!, userId, record, row };
}

export async function updateIsReflected(sync: UsersSync, id: number): Promise<StepResult> {
  const name = `renamed-${randomBytes(3).toString('hex')}`;
  await sync.db('users').where({ id }).update({ name });
  const record = await sync.watcher.waitFor(
    `the update of users.id ${id}`,
    (payload) => payload.id === id && payload.name === name,
    sync.timeoutMs,
  );
  const row = await waitForSinkRow(sync, id, (candidate) => candidate.name === name, `the update of users.id ${id}`);
  return { id, userId: row.user_id ?? '', record, row };
}

const column = (type: string, field: string, optional = true) => ({ type, optional, field });
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';

/** The seed's format, as its console consumer printed what the source wrote. */
export function seedUsersRecord(id: number, userId: string, name: string): string {
  return JSON.stringify({
    schema: {
      type: 'struct',
      fields: [
        column('int32', 'id', false),
        column('string', 'user_id'),
        column('string', 'pwd'),
        column('string', 'name'),
        { type: 'int64', optional: true, name: TIMESTAMP, version: 1, field: 'created_at' },
      ],
      optional: false,
      name: 'users',
    },
    payload: { id, user_id: userId, pwd: 'test2222', name, created_at: Date.now() },
  });
}

export async function producedRecordReachesOnlySinkTable(sync: UsersSync): Promise<StepResult & { line: string }> {
  // Far above what auto_increment hands out in a demo, so it never overwrites a captured row.
  const id = 1_000_000_000 + randomInt(1_000_000_000);
  const userId = uniqueUserId('produce');
  const line = seedUsersRecord(id, userId, 'from-producer');
  await runProduce(sync, line);
  const row = await waitForSinkRow(
    sync,
    id,
    (candidate) => candidate.user_id === userId,
    `the produced record of ${userId}`,
  );
  const [counted] = await sync
    .db('users')
    .where({ user_id: userId })
    .orWhere({ id })
    .count<Array<{ count: number }>>({ count: '*' });
  if (Number(counted?.count) !== 0)
    throw new CliError(`the record produced to ${sync.config.USERS_TOPIC} also appeared in table users`);
  return { id, userId, row, line };
}

async function waitForSinkRow(
  sync: UsersSync,
  id: number,
  matches: (row: UserRow) => boolean,
  what: string,
): Promise<UserRow> {
  const deadline = Date.now() + sync.timeoutMs;
  for (;;) {
    try {
      const row = (await sync.db(sync.config.USERS_TOPIC).where({ id }).first()) as UserRow | undefined;
      if (row && matches(row)) return row;
    } catch (error) {
      // The sink creates the table with its first record.
      if ((error as { code?: string }).code !== 'ER_NO_SUCH_TABLE') throw error;
    }
    if (Date.now() > deadline) {
      throw new CliError(
        `${what} did not reach table ${sync.config.USERS_TOPIC} within ${Math.round(sync.timeoutMs / 1000)} s`,
        `pnpm connect:status ${sync.config.USERS_SINK_CONNECTOR} shows whether the sink runs.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `pnpm kafka:produce --topic my_topic_users`, with the record as its one stdin line. */
async function runProduce(sync: UsersSync, line: string): Promise<void> {
  const run = await runEntry(cliEntries.produce, ['--topic', sync.config.USERS_TOPIC], {
    input: `${line}\n`,
    env: { KAFKA_BROKERS: sync.infra.KAFKA_BROKERS.join(',') },
    timeoutMs: 120_000,
  });
  if (run.code !== 0) throw new CliError(`pnpm kafka:produce exited with code ${run.code}:\n${run.stderr.trim()}`);
}
