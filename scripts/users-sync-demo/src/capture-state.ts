import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import type { binlogDbKnex } from './binlog-db.js';
import type { UsersSyncConfig } from './users-sync-config.js';

/**
 * The source connector keeps its state in Kafka: its offsets (a binlog file, position and GTID,
 * kept by the worker even after the connector is deleted, under the key of its `topic.prefix`)
 * and its schema history topic. The binlog it points into lives in the binlog server's data
 * directory. The two have different lifetimes: `infra:reset` wipes Kafka's state while the
 * binlog data may stay, and a re-initialised data directory starts a new binlog whose GTIDs
 * restart, so an old offset can name a position that means something else there. Debezium then
 * either fails ("The db history topic is missing") or streams from the wrong place.
 *
 * So each binlog data set gets a capture id of its own, stored in it: the source's topic.prefix
 * and history topic carry it, and its offsets can only ever be the ones taken from this binlog.
 * When the history of that capture is gone from Kafka, a new id makes the source start over
 * with a snapshot instead of failing on offsets without history.
 */
export interface Capture {
  id: string;
  /** The source's `topic.prefix`, which also keys its offsets. */
  prefix: string;
  historyTopic: string;
}

const STATE_TABLE = 'users_sync_capture';
const CREATED_AT = 'created_at datetime default CURRENT_TIMESTAMP';

export function captureOf(config: UsersSyncConfig, id: string): Capture {
  const prefix = `${config.USERS_SOURCE_PREFIX}_${id}`;
  return { id, prefix, historyTopic: `${prefix}.schema-history` };
}

export async function ensureCapture(
  db: ReturnType<typeof binlogDbKnex>,
  admin: Admin,
  config: UsersSyncConfig,
  say: (line: string) => void,
): Promise<Capture> {
  await db.raw(`create table if not exists ${STATE_TABLE} (id varchar(16) primary key, ${CREATED_AT})`);
  const stored = await db(STATE_TABLE).first<{ id: string } | undefined>('id');
  if (stored) {
    const capture = captureOf(config, stored.id);
    if ((await admin.listTopics()).includes(capture.historyTopic)) {
      say(`capture ${capture.prefix}: resuming from its offsets (schema history ${capture.historyTopic})`);
      return capture;
    }
    say(
      `capture ${capture.prefix}: its schema history topic is gone from Kafka while the binlog data stayed ` +
        "(infra:reset?): resetting the source's state, it re-snapshots users",
    );
  } else {
    say('binlog data without a capture (new or re-initialised data directory): the source snapshots users first');
  }
  const capture = captureOf(config, randomBytes(4).toString('hex'));
  await db.transaction(async (trx) => {
    await trx(STATE_TABLE).delete();
    await trx(STATE_TABLE).insert({ id: capture.id });
  });
  say(`capture ${capture.prefix}: new, schema history ${capture.historyTopic}`);
  return capture;
}
