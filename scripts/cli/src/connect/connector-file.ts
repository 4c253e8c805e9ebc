import fs from 'node:fs';
import path from 'node:path';
import { loadInfraConfig, resolvePlaceholders, type ConnectorDefinition } from '@order-platform/infra';
import { CliError } from '@order-platform/command-kit';
import { handRegisteredCapture, loadDemoConnectorConfig } from './connector-keys.js';

/**
 * A connector file as infra/connectors holds them: the seed's `POST /connectors` body
 * (`{ "name", "config" }`), where `${KEY}` stands for a configuration key (environment, .env, or
 * its default), so the same file works on every machine.
 */
export function placeholderValues(): Record<string, unknown> {
  const demo = loadDemoConnectorConfig();
  return { ...loadInfraConfig(), ...demo, ...handRegisteredCapture(demo) };
}

export function loadConnectorFile(
  file: string,
  values: Record<string, unknown> = placeholderValues(),
): ConnectorDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read connector file ${file}: ${(error as Error).message}`);
  }
  const body = raw as Partial<ConnectorDefinition>;
  if (typeof body.name !== 'string' || typeof body.config !== 'object' || body.config === null) {
    throw new CliError(
      `${file} is not a connector definition`,
      "It needs the shape of the seed's POST /connectors body: " +
        '{ "name": "...", "config": { "connector.class": "...", ... } }',
    );
  }
  const source = path.basename(file);
  return {
    name: resolvePlaceholders({ name: body.name }, values, source).name!,
    config: resolvePlaceholders(body.config, values, source),
  };
}
