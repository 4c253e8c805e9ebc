import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectDatabase, type InfraConfig } from '@order-platform/infra';
import { HostProcess, until } from './host-process.js';
import type { DrillHostsConfig } from './hosts-config.js';
import type { TestHost } from './topology.js';

const exec = promisify(execFile);

export const DB_PORT = 3306;
/** The account the platform uses on the drill's server (it exists only there, inside the namespaces). */
export const DB_ACCOUNT = { user: 'drill', password: 'drill-hosts' };

/** mariadbd refuses to run as root unless told to (the drill always runs as root). */
const AS_ROOT = ['--user=root'];

/**
 * The drill's own MariaDB on its host: a fresh data directory, only this command line as its
 * configuration (`--no-defaults`, like the users-sync demo's), listening on the host's address. The
 * platform's account is made over the server's unix socket, which the drill reaches from any namespace.
 */
export async function startDatabase(
  config: DrillHostsConfig,
  host: TestHost,
  stateDir: string,
  say: (line: string) => void,
): Promise<HostProcess> {
  const dir = path.join(stateDir, host.name);
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mariadbd.sock');
  fs.mkdirSync(data, { recursive: true });
  await exec(
    config.MARIADB_INSTALL_DB,
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...AS_ROOT],
    { timeout: 120_000 },
  );
  say(`initialised ${data}`);
  const argv = [
    config.MARIADBD,
    '--no-defaults',
    ...AS_ROOT,
    `--datadir=${data}`,
    `--bind-address=${host.ip}`,
    `--port=${DB_PORT}`,
    `--socket=${socket}`,
    `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
    `--log-error=${path.join(dir, 'mariadbd.err')}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_bin',
    '--innodb-buffer-pool-size=64M',
    '--max-connections=300',
  ];
  const server = new HostProcess('MariaDB', host.ns, argv, path.join(dir, 'stdout.log'), dir);
  const sql =
    `CREATE USER IF NOT EXISTS '${DB_ACCOUNT.user}'@'%' IDENTIFIED BY '${DB_ACCOUNT.password}'; ` +
    `GRANT ALL PRIVILEGES ON *.* TO '${DB_ACCOUNT.user}'@'%';`;
  await until(
    `MariaDB's socket ${socket}`,
    async () => {
      server.assertRunning();
      return exec('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-e', sql], { timeout: 10_000 }).then(
        () => true,
        () => undefined,
      );
    },
    60_000,
    say,
  );
  return server;
}

/** Until the database answers at its address (a fault's end, the start of the platform). */
export function waitDatabase(infra: InfraConfig, timeoutMs: number, say?: (line: string) => void): Promise<true> {
  return until(
    `the database at ${infra.DB_HOST}:${infra.DB_PORT}`,
    async () => {
      const db = connectDatabase(infra);
      try {
        await db.raw('SELECT 1');
        return true;
      } catch {
        return undefined;
      } finally {
        await db.destroy();
      }
    },
    timeoutMs,
    say,
  );
}
