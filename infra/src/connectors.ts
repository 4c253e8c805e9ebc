import fs from 'node:fs';
import path from 'node:path';
import { ConnectError, type ConnectClient, type ConnectorStatus } from './connect-client.js';
import { ConnectWaitError, waitForConnectorState } from './connect-waits.js';
import type { InfraConfig } from './infra-config.js';
import { InfraError } from './infra-error.js';
import type { Progress } from './progress.js';

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
      if (!(name in values))
        throw new InfraError(`${source}: "${key}" uses \${${name}}, which is not a configuration key.`);
      const value = values[name];
      return Array.isArray(value) ? value.join(',') : String(value);
    });
  }
  return resolved;
}

/** PUTs the config when it differs from what the worker has; answers whether it changed. */
export async function applyConnector(
  client: ConnectClient,
  definition: ConnectorDefinition,
): Promise<'unchanged' | 'updated' | 'created'> {
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
export async function waitUntilRunning(
  client: ConnectClient,
  name: string,
  progress: Progress,
  timeoutMs: number,
): Promise<ConnectorStatus> {
  try {
    return await waitForConnectorState(client, name, 'RUNNING', {
      timeoutMs,
      restartFailedOnce: (failure) => progress.info(`${failure.split('\n')[0]}; restarting it once`),
      onWaiting: (waitedMs) =>
        progress.info(`still waiting for connector ${name} to be RUNNING (${(waitedMs / 1000).toFixed(1)}s)`),
    });
  } catch (error) {
    if (!(error instanceof ConnectWaitError)) throw error;
    throw new InfraError(
      error.message,
      error.reason === 'failed'
        ? 'See the worker log, fix the cause, then: pnpm infra:up (it restarts failed tasks once).'
        : undefined,
    );
  }
}
