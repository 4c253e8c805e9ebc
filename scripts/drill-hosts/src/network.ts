import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  buildCommands,
  cutCommand,
  fastCommands,
  healCommand,
  namespacesWithPrefix,
  slowCommands,
  type Command,
} from './ip-commands.js';
import type { TestHost, Topology } from './topology.js';

const exec = promisify(execFile);

export async function run([program, ...args]: Command): Promise<string> {
  try {
    return (await exec(program, args, { timeout: 20_000 })).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${program} ${args.join(' ')} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** The namespaces under `prefix` that exist now. */
export async function namespaces(prefix: string): Promise<string[]> {
  return namespacesWithPrefix(await run(['ip', 'netns', 'list']), prefix);
}

/** Pids of the processes whose network namespace is `ns` (wherever they were started from). */
export async function pidsIn(ns: string): Promise<number[]> {
  const out = await run(['ip', 'netns', 'pids', ns]).catch(() => '');
  return out
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Removes everything under `prefix`: SIGKILL to each process still in one of its namespaces (the
 * drill stopped them gently before; this is for a crashed run's leftovers), then the namespaces,
 * which takes their links and the bridge with them. Answers what it removed.
 */
export async function removeNetwork(prefix: string): Promise<{ namespaces: string[]; killed: number[] }> {
  const found = await namespaces(prefix);
  const killed: number[] = [];
  for (const ns of found)
    for (const pid of await pidsIn(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // Gone meanwhile.
      }
    }
  for (const ns of found) {
    // A namespace is only freed once its last process is gone: wait for the kills to land.
    const deadline = Date.now() + 10_000;
    while ((await pidsIn(ns)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await run(['ip', 'netns', 'del', ns]);
  }
  return { namespaces: found, killed };
}

/** Builds the topology; on a failure half-way, removes what it made before it rethrows. */
export async function buildNetwork(topology: Topology): Promise<void> {
  try {
    for (const command of buildCommands(topology)) await run(command);
  } catch (error) {
    await removeNetwork(topology.prefix).catch(() => undefined);
    throw error;
  }
}

export const cutHost = (topology: Topology, host: TestHost) => run(cutCommand(topology, host));
export const healHost = (topology: Topology, host: TestHost) => run(healCommand(topology, host));

export async function slowHost(topology: Topology, host: TestHost, rate: string): Promise<void> {
  for (const command of slowCommands(topology, host, rate)) await run(command);
}

export async function unslowHost(topology: Topology, host: TestHost): Promise<void> {
  for (const command of fastCommands(topology, host)) await run(command);
}
