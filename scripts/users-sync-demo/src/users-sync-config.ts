import { z } from 'zod';
import { demoConnectorKeys } from '@order-platform/cli';
import { env, loadConfig } from '@order-platform/service-kit';

/**
 * The seed's "DB sync through Kafka" demo (`pnpm demo:users-sync`). Its source connector reads a
 * binlog, which the platform's own MariaDB (DB_PORT) does not write: the demo runs a dedicated
 * server for it, so the shared one is never reconfigured. The keys its connector files name are
 * the cli's (`demoConnectorKeys`), so `pnpm connect:register` fills those files the same way.
 */
/** The programs that run a MariaDB server of a tool's own (this demo's, the host drill's). */
export const mariadbServerKeys = {
  MARIADBD: env.string('mariadbd', 'MariaDB server executable the demo (and pnpm drill:hosts) starts'),
  MARIADB_INSTALL_DB: env.string('mariadb-install-db', 'initialises the data directory of that server, once'),
};

export const usersSyncConfigSchema = z.object({
  ...demoConnectorKeys,
  BINLOG_DB_DIR: env.string('', "data, pid and log of the demo's own server (empty: <INFRA_STATE_DIR>/binlog-db)"),
  ...mariadbServerKeys,
  USERS_SYNC_TIMEOUT_S: env.int(90, 'how long each step of the demo waits for the change to arrive', 5),
});

export type UsersSyncConfig = z.infer<typeof usersSyncConfigSchema>;

export const loadUsersSyncConfig = (source: Record<string, string | undefined> = process.env): UsersSyncConfig =>
  loadConfig(usersSyncConfigSchema, source);
