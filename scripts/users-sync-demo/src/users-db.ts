import type { InfraConfig } from '@order-platform/infra';
import { binlogDbKnex } from './binlog-db.js';
import type { UsersSyncConfig } from './users-sync-config.js';

/** The seed's test table, as its DDL creates it. */
export const USERS_DDL = `create table if not exists users (
    id int auto_increment primary key,
    user_id varchar(20) null,
    pwd varchar(20) null,
    name varchar(20) null,
    created_at datetime default CURRENT_TIMESTAMP null
)`;

/**
 * The database, the users table, and the user my-source-connect reads the binlog with: the
 * privileges Debezium's MariaDB connector documents (BINLOG MONITOR is REPLICATION CLIENT's
 * name since 10.5). Each statement is idempotent, so every demo run can repeat them.
 */
export async function prepareUsersDb(config: UsersSyncConfig, infra: InfraConfig): Promise<void> {
  const server = binlogDbKnex(config, infra);
  try {
    await server.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [config.USERS_DB]);
    await server.raw(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [
      config.BINLOG_DB_CDC_USER,
      config.BINLOG_DB_CDC_PASSWORD,
    ]);
    await server.raw(`ALTER USER ?@'%' IDENTIFIED BY ?`, [config.BINLOG_DB_CDC_USER, config.BINLOG_DB_CDC_PASSWORD]);
    await server.raw(
      `GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO ?@'%'`,
      [config.BINLOG_DB_CDC_USER],
    );
  } finally {
    await server.destroy();
  }
  const db = binlogDbKnex(config, infra, config.USERS_DB);
  try {
    await db.raw(USERS_DDL);
  } finally {
    await db.destroy();
  }
}
