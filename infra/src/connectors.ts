import fs from 'node:fs';
import path from 'node:path';
import { ConnectError, shortenTrace, type ConnectClient, type ConnectorStatus } from '@order-platform/shared';
import type { InfraConfig } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { waitFor, type Progress } from './progress.js';

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

/**
 * Connector files in infra/connectors/ have the seed's `POST /connectors` body shape
 * (`{ name, config }`), with `${KEY}` placeholders for every address and credential; KEY is a key
 * of the infra configuration, so the committed files hold no host, port or password.
 */
export function loadConnectorDefinitions(dir: string, config: InfraConfig): ConnectorDefinition[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ConnectorDefinition;
      const { name } = resolvePlaceholders({ name: raw.name }, config, file);
      return { name: name!, config: resolvePlaceholders(raw.config, config, file) };
    });
}

export function resolvePlaceholders(
  connectorConfig: Record<string, string>,
  values: Record<string, unknown>,
  source: string,
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, template] of Object.entries(connectorConfig)) {
    resolved[key] = String(template).replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
      if (!(name in values)) throw new InfraError(`${source}: "${key}" uses \${${name}}, which is not a configuration key.`);
      const value = values[name];
      return Array.isArray(value) ? value.join(',') : String(value);
    });
  }
  return resolved;
}

/** PUTs the config when it differs from what the worker has; answers whether it changed. */
export async function applyConnector(client: ConnectClient, definition: ConnectorDefinition): Promise<'unchanged' | 'updated' | 'created'> {
  let current: Record<string, string> | undefined;
  try {
    current = await client.getConfig(definition.name);
  } catch (error) {
    if (!(error instanceof ConnectError && error.status === 404)) throw error;
  }
  const wanted = { ...definition.config, name: definition.name };
  if (current && sameConfig(current, wanted)) return 'unchanged';
  await client.putConfig(definition.name, definition.config);
  return current ? 'updated' : 'created';
}

function sameConfig(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Waits until the connector and each of its tasks is RUNNING. A FAILED part is restarted once
 * (a config change or a fixed cause, such as a database that is back, needs that); failing again
 * aborts with the shortened trace.
 */
export async function waitUntilRunning(client: ConnectClient, name: string, progress: Progress, timeoutMs: number): Promise<ConnectorStatus> {
  let restartedAt: number | undefined;
  let settled = false;
  return waitFor(
    `connector ${name} and its tasks to be RUNNING`,
    async () => {
      let status: ConnectorStatus;
      try {
        status = await client.status(name);
      } catch (error) {
        // Right after a PUT the status may not exist yet.
        if (error instanceof ConnectError && error.status === 404) return undefined;
        throw error;
      }
      const failure = failedPart(status);
      if (failure && restartedAt === undefined) {
        progress.info(`${failure.split('\n')[0]}; restarting it once`);
        await client.restart(name);
        restartedAt = Date.now();
        settled = false;
        return undefined;
      }
      // Connect answers the restart before acting on it: until a status without FAILED shows up
      // (or 10 s pass), a FAILED part is the one it is restarting.
      if (!settled && (!failure || Date.now() - (restartedAt ?? 0) > 10_000)) settled = true;
      if (failure && !settled) return undefined;
      if (failure) throw new InfraError(failure, `See the worker log, fix the cause, then: pnpm infra:up (it restarts failed tasks once).`);
      const running = status.connector.state === 'RUNNING' && status.tasks.length > 0 && status.tasks.every((task) => task.state === 'RUNNING');
      return running ? status : undefined;
    },
    { timeoutMs, progress },
  );
}

export function failedPart(status: ConnectorStatus): string | undefined {
  if (status.connector.state === 'FAILED') {
    return `Connector ${status.name} FAILED:\n${shortenTrace(status.connector.trace)}`;
  }
  const task = status.tasks.find((candidate) => candidate.state === 'FAILED');
  return task ? `Task ${task.id} of connector ${status.name} FAILED:\n${shortenTrace(task.trace)}` : undefined;
}
