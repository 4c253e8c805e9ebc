import fs from 'node:fs';
import path from 'node:path';
import type { InfraConfig } from '@order-platform/infra';
import { CliError } from '@order-platform/command-kit';
import { binlogDbKnex, binlogDbPaths } from './binlog-db.js';
import type { UsersSyncConfig } from './users-sync-config.js';

const address = (config: UsersSyncConfig) => `${config.BINLOG_DB_HOST}:${config.BINLOG_DB_PORT}`;

/**
 * A reused server must write the binlog Debezium reads. It must also still have its data
 * directory: `infra:reset` while the demo's own server ran (after `--keep`) deletes the
 * directory under it and its pid file, so the server looks like somebody else's and fails on
 * the first CREATE with errno 2.
 */
export async function checkBinlog(config: UsersSyncConfig, infra: InfraConfig): Promise<void> {
  const db = binlogDbKnex(config, infra);
  try {
    const [rows] = (await db.raw(
      'SELECT @@log_bin AS logBin, @@binlog_format AS format, @@binlog_row_image AS image, @@datadir AS datadir',
    )) as [Array<{ logBin: number; format: string; image: string; datadir: string }>];
    const settings = rows[0]!;
    if (!(Number(settings.logBin) === 1 && settings.format === 'ROW' && settings.image === 'FULL')) {
      throw new CliError(
        `the server at ${address(config)} has no row-based binlog (log_bin=${settings.logBin}, ` +
          `binlog_format=${settings.format}, binlog_row_image=${settings.image})`,
        'Point BINLOG_DB_PORT at a free port (the demo then starts its own server), ' +
          'or enable log_bin, binlog_format=ROW and binlog_row_image=FULL there.',
      );
    }
    const ours = path.resolve(binlogDbPaths(config, infra).data);
    if (path.resolve(settings.datadir) === ours && !fs.existsSync(ours)) {
      throw new CliError(
        `the demo's binlog MariaDB on ${address(config)} runs on ${ours}, ` +
          'which was deleted (infra:reset while it ran?)',
        'Stop that mariadbd (its command line has --loose-order-platform-role=binlog-db), then run the demo again.',
      );
    }
  } finally {
    await db.destroy();
  }
}
