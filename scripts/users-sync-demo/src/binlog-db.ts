import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  connectDatabase,
  isPortOpen,
  runningPid,
  stopProcess,
  tail,
  type InfraConfig,
  type ManagedProcess,
} from '@order-platform/infra';
import { CliError } from '@order-platform/command-kit';
import type { UsersSyncConfig } from './users-sync-config.js';

const run = promisify(execFile);

/**
 * The demo's own MariaDB, with the row-based binlog Debezium reads, so the platform's MariaDB
 * (DB_PORT) is never reconfigured. It runs detached from the state directory of the local
 * infrastructure, like the broker, and is identified by a marker option on its command line, so
 * only this server is ever signalled.
 */
export function binlogDbPaths(config: UsersSyncConfig, infra: InfraConfig) {
  const dir = config.BINLOG_DB_DIR || path.join(infra.INFRA_STATE_DIR, 'binlog-db');
  return {
    dir,
    data: path.join(dir, 'data'),
    socket: path.join(dir, 'mariadbd.sock'),
    pidFile: path.join(dir, 'mariadbd.pid'),
    log: path.join(dir, 'mariadbd.err'),
  };
}

export function binlogDbProcess(config: UsersSyncConfig, infra: InfraConfig): ManagedProcess {
  // mariadbd writes (and on shutdown removes) this pid file itself.
  return {
    name: 'binlog MariaDB of the users-sync demo',
    pidFile: binlogDbPaths(config, infra).pidFile,
    marker: '--loose-order-platform-role=binlog-db',
  };
}

export function binlogDbKnex(config: UsersSyncConfig, infra: InfraConfig, database?: string) {
  return connectDatabase(
    {
      ...infra,
      DB_HOST: config.BINLOG_DB_HOST,
      DB_PORT: config.BINLOG_DB_PORT,
      DB_USER: config.BINLOG_DB_USER,
      DB_PASSWORD: config.BINLOG_DB_PASSWORD,
    },
    database,
  );
}

const address = (config: UsersSyncConfig) => `${config.BINLOG_DB_HOST}:${config.BINLOG_DB_PORT}`;

/** `running`: ours, already up; `started`: started now; `reused`: some other server answers there. */
export async function ensureBinlogDb(
  config: UsersSyncConfig,
  infra: InfraConfig,
  say: (line: string) => void,
): Promise<'running' | 'started' | 'reused'> {
  const processInfo = binlogDbProcess(config, infra);
  const ours = runningPid(processInfo);
  if (await isPortOpen(config.BINLOG_DB_HOST, config.BINLOG_DB_PORT)) return ours ? 'running' : 'reused';
  if (!ours) {
    if (!['127.0.0.1', 'localhost'].includes(config.BINLOG_DB_HOST)) {
      throw new CliError(
        `nothing answers at ${address(config)}, and the demo only starts its own server on this machine`,
        'Start that server, or unset BINLOG_DB_HOST.',
      );
    }
    const paths = binlogDbPaths(config, infra);
    if (!fs.existsSync(path.join(paths.data, 'mysql'))) {
      say(`initialising ${paths.data}`);
      await initialise(config, paths.data);
    }
    say(`starting ${config.MARIADBD} on ${address(config)} (binlog ROW, FULL row images)`);
    await waitAnswering(config, infra, startDetached(config, infra));
  } else {
    await waitAnswering(config, infra, { ended: undefined });
  }
  return 'started';
}

async function initialise(config: UsersSyncConfig, data: string): Promise<void> {
  fs.mkdirSync(data, { recursive: true });
  try {
    await run(
      config.MARIADB_INSTALL_DB,
      ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot()],
      { timeout: 120_000 },
    );
  } catch (error) {
    fs.rmSync(data, { recursive: true, force: true });
    throw (
      missingProgram(error, config.MARIADB_INSTALL_DB) ??
      new CliError(
        `${config.MARIADB_INSTALL_DB} failed: ${(error as Error).message.split('\n').slice(0, 5).join('\n')}`,
      )
    );
  }
}

interface Started {
  /** Set when the server exited or could not be started while we waited for it. */
  ended: CliError | undefined;
}

function startDetached(config: UsersSyncConfig, infra: InfraConfig): Started {
  const paths = binlogDbPaths(config, infra);
  const processInfo = binlogDbProcess(config, infra);
  const args = [
    // Only this command line configures it: the machine's my.cnf belongs to the main server.
    '--no-defaults',
    processInfo.marker,
    ...asRoot(),
    `--datadir=${paths.data}`,
    `--port=${config.BINLOG_DB_PORT}`,
    `--bind-address=${config.BINLOG_DB_HOST}`,
    `--socket=${paths.socket}`,
    `--pid-file=${paths.pidFile}`,
    `--log-error=${paths.log}`,
    // What Debezium needs: a binlog of whole rows, and a server id of its own.
    '--log-bin=binlog',
    '--binlog-format=ROW',
    '--binlog-row-image=FULL',
    `--server-id=${config.BINLOG_DB_PORT}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_bin',
    '--innodb-buffer-pool-size=32M',
  ];
  const started: Started = { ended: undefined };
  const child = spawn(config.MARIADBD, args, { detached: true, stdio: 'ignore' });
  child.on(
    'error',
    (error) =>
      (started.ended =
        missingProgram(error, config.MARIADBD) ?? new CliError(`cannot start ${config.MARIADBD}: ${error.message}`)),
  );
  child.on('exit', (code, signal) => {
    started.ended ??= new CliError(
      `${config.MARIADBD} exited during start-up (${signal ?? `code ${code}`}):\n${tail(paths.log, 12)}`,
      `Its log: ${paths.log}`,
    );
  });
  child.unref();
  return started;
}

async function waitAnswering(config: UsersSyncConfig, infra: InfraConfig, started: Started): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (started.ended) throw started.ended;
    // Connecting before the port opens would only make the pool log its refusals.
    if (!(await isPortOpen(config.BINLOG_DB_HOST, config.BINLOG_DB_PORT, 500))) {
      if (Date.now() > deadline)
        throw new CliError(
          `the binlog MariaDB did not open ${address(config)} within 60 s`,
          `Its log: ${binlogDbPaths(config, infra).log}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    const db = binlogDbKnex(config, infra);
    try {
      await db.raw('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new CliError(
          `the binlog MariaDB did not answer on ${address(config)} within 60 s: ${(error as Error).message}`,
          `Its log: ${binlogDbPaths(config, infra).log}`,
        );
      }
    } finally {
      await db.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function stopBinlogDb(config: UsersSyncConfig, infra: InfraConfig): Promise<'stopped' | 'not running'> {
  return stopProcess(binlogDbProcess(config, infra));
}

/** mariadbd refuses to run as root unless told to. */
function asRoot(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

function missingProgram(error: unknown, program: string): CliError | undefined {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  return new CliError(
    `${program} not found`,
    'Install the MariaDB server (Debian: apt-get install mariadb-server), or set MARIADBD and MARIADB_INSTALL_DB.',
  );
}
