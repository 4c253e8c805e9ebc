import fs from 'node:fs';
import path from 'node:path';
import type { Database as Knex } from './database.js';
import type { InfraConfig, infraPaths } from '@order-platform/infra';

function pidFrom(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && fs.existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The infrastructure's processes, for the memory and CPU figures: broker, Connect worker, MariaDB. */
export async function infraPids(
  _config: InfraConfig,
  paths: ReturnType<typeof infraPaths>,
  server: Knex,
): Promise<Record<string, number>> {
  const pids: Record<string, number | undefined> = {
    'Kafka broker': pidFrom(path.join(paths.broker, 'broker.pid')),
    'Kafka Connect worker': pidFrom(path.join(paths.connect, 'connect.pid')),
  };
  try {
    const [[row]] = (await server.raw('SELECT @@pid_file AS file')) as [[{ file: string }]];
    pids.MariaDB = pidFrom(row.file);
  } catch {
    // Not readable: MariaDB is then left out of the figures.
  }
  return Object.fromEntries(Object.entries(pids).filter((entry): entry is [string, number] => entry[1] !== undefined));
}
