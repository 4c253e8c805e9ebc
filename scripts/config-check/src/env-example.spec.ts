import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, type ConfigSchema } from '@order-platform/service-kit';
import { catalogConfigSchema } from '@order-platform/catalog-service/src/config.js';
import { consoleConfigSchema } from '@order-platform/console/src/config.js';
import { cliConfigSchema, demoConnectorConfigSchema } from '@order-platform/cli';
import { repoRoot } from '@order-platform/command-kit';
import { gatewayConfigSchema } from '@order-platform/gateway/src/config.js';
import { infraConfigSchema } from '@order-platform/infra';
import { platformConfigSchema } from '@order-platform/launcher';
import { orderServiceConfigSchema } from '@order-platform/order-service/src/config.js';
import { drillHostsConfigSchema } from '@order-platform/drill-hosts';
import { usersSyncConfigSchema } from '@order-platform/users-sync-demo';

/**
 * `.env.example` is the one list of the platform's configuration; the zod schemas are the truth.
 * This spec keeps the two in step. The rule (also stated in the header of .env.example):
 * - `KEY=value` (uncommented): one value for every process that reads the key; `.env` may set it.
 *   Each such key appears uncommented exactly once, with its schema default as the value.
 * - `# KEY=value` (commented): a per-process key (PER_PROCESS_KEYS below). `pnpm start` sets it for
 *   each process it starts, so a value in `.env` would be ignored or, for ORDER_INSTANCE_ID, shared by
 *   every instance. It appears only commented, once or more (once per service section), each time
 *   with the default of one of the schemas that have it.
 * - Every key of every schema is in the file, and every key in the file is in some schema.
 */

/** Every configuration schema of the workspace, by the module that declares it. */
const SCHEMAS: Record<string, ConfigSchema> = {
  'gateway/src/config.ts': gatewayConfigSchema,
  'services/order-service/src/config.ts': orderServiceConfigSchema,
  'services/catalog-service/src/config.ts': catalogConfigSchema,
  'services/console/src/config.ts': consoleConfigSchema,
  'infra/src/infra-config.ts': infraConfigSchema,
  'scripts/cli/src/cli-config.ts': cliConfigSchema,
  'scripts/cli/src/connect/connector-keys.ts': demoConnectorConfigSchema,
  'scripts/launcher/src/platform-config.ts': platformConfigSchema,
  'scripts/users-sync-demo/src/users-sync-config.ts': usersSyncConfigSchema,
  'scripts/drill-hosts/src/hosts-config.ts': drillHostsConfigSchema,
};

/** Keys the platform harness sets for each process it starts (`pnpm start` too): never one value for all. */
const PER_PROCESS_KEYS: Record<string, string> = {
  GATEWAY_HOST: 'pnpm start binds the gateway to 127.0.0.1; set it for a gateway started directly',
  ORDER_PORT: 'each order-service instance listens on a port of its own (from ORDER_BASE_PORT)',
  ORDER_HOST: 'pnpm start binds every service to 127.0.0.1; set it per service started directly',
  CATALOG_HOST: 'as ORDER_HOST, for catalog-service',
  ORDER_ADVERTISED_HOST: 'goes with ORDER_HOST: the address the gateway reaches that one instance at',
  CATALOG_ADVERTISED_HOST: 'goes with CATALOG_HOST',
  ORDER_INSTANCE_ID: 'unique per instance: a shared one would give every order instance one Kafka transactional id',
  CATALOG_INSTANCE_ID: 'unique per instance: the registry refuses a second live instance with the same id',
  REGISTRY_URL: 'pnpm start derives it from REGISTRY_PORT for each service',
  CONSOLE_HOST: 'pnpm start binds the console to 127.0.0.1; set it for a console started directly',
  CONSOLE_URL: "pnpm start derives the gateway's from CONSOLE_PORT",
};

/** Keys whose defaults differ between schemas on purpose; any other difference is drift. */
const INTENDED_DIFFERENT_DEFAULTS: Record<string, string> = {};

/** Defaults computed from the machine or checkout: .env.example leaves them empty ("use the default"). */
const MACHINE_DEPENDENT_DEFAULTS: Record<string, string> = {
  INFRA_STATE_DIR: '<checkout>/infra/.state',
};

const KEY_LINE = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;

interface ExampleLine {
  key: string;
  value: string;
  commented: boolean;
  line: number;
}

function readExample(): { text: string; lines: ExampleLine[] } {
  const text = fs.readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
  const lines: ExampleLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const match = KEY_LINE.exec(raw.trim());
    if (match) lines.push({ key: match[2]!, value: match[3]!.trim(), commented: Boolean(match[1]), line: index + 1 });
  });
  return { text, lines };
}

/** key -> (schema module -> default as .env would spell it). */
function defaultsByKey(): Map<string, Map<string, string>> {
  const byKey = new Map<string, Map<string, string>>();
  for (const [module, schema] of Object.entries(SCHEMAS)) {
    for (const { key, defaultValue } of describeConfig(schema)) {
      if (!byKey.has(key)) byKey.set(key, new Map());
      byKey.get(key)!.set(module, defaultValue);
    }
  }
  return byKey;
}

const describeDefaults = (key: string, modules: Map<string, string>) =>
  `${key}: ${[...modules].map(([module, value]) => `${module}=${JSON.stringify(value)}`).join(', ')}`;

/** Modules that export a `...ConfigSchema = z.object(`: a new one must join SCHEMAS to be checked. */
function declaredSchemaModules(): string[] {
  const services = fs.readdirSync(path.join(repoRoot, 'services')).map((name) => `services/${name}/src`);
  const scripts = fs
    .readdirSync(path.join(repoRoot, 'scripts'))
    .filter((name) => name !== 'lint')
    .map((name) => `scripts/${name}/src`);
  const roots = ['gateway/src', 'infra/src', ...scripts, ...services];
  const found: string[] = [];
  for (const root of roots) {
    const dir = path.join(repoRoot, root);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!/export const \w+ConfigSchema\s*=\s*z\s*\.object\(/.test(source)) continue;
      found.push(path.posix.join(root, file.split(path.sep).join('/')));
    }
  }
  return found.sort();
}

describe('.env.example against the config schemas', () => {
  const { text, lines } = readExample();
  const defaults = defaultsByKey();

  it('when a module declares a config schema, then this spec checks it', () => {
    expect(declaredSchemaModules()).toEqual(Object.keys(SCHEMAS).sort());
  });

  it('when a schema has a key, then .env.example lists it', () => {
    const listed = new Set(lines.map((line) => line.key));
    const missing = [...defaults]
      .filter(([key]) => !listed.has(key))
      .map(([key, modules]) => `${key} (${[...modules.keys()].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('when .env.example lists a key, then some schema has it', () => {
    const unknown = lines.filter((line) => !defaults.has(line.key)).map((line) => `${line.key} (line ${line.line})`);
    expect(unknown).toEqual([]);
  });

  it('when a key is in several schemas, then its defaults agree unless the difference is listed as intended', () => {
    const differing = [...defaults]
      .filter(([key, modules]) => new Set(modules.values()).size > 1 && !(key in INTENDED_DIFFERENT_DEFAULTS))
      .map(([key, modules]) => describeDefaults(key, modules));
    expect(differing).toEqual([]);
    // A key with several defaults cannot have one value for all: it must be set per process.
    expect(Object.keys(INTENDED_DIFFERENT_DEFAULTS).filter((key) => !(key in PER_PROCESS_KEYS))).toEqual([]);
  });

  it('when a key is per process, then it appears only commented, each time with a default of its schemas', () => {
    const wrong: string[] = [];
    for (const key of Object.keys(PER_PROCESS_KEYS)) {
      const own = lines.filter((line) => line.key === key);
      if (own.length === 0) wrong.push(`${key}: not listed`);
      const known = new Set(defaults.get(key)?.values());
      for (const line of own) {
        const at = `${key} (line ${line.line})`;
        if (!line.commented) {
          wrong.push(`${at}: must be commented, pnpm start sets it per process`);
        } else if (!known.has(line.value)) {
          wrong.push(`${at}: ${JSON.stringify(line.value)} is not among ${[...known].join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('when a key is shared, then it appears uncommented exactly once with its schema default', () => {
    const wrong: string[] = [];
    for (const [key, modules] of defaults) {
      if (key in PER_PROCESS_KEYS) continue;
      const own = lines.filter((line) => line.key === key);
      const set = own.filter((line) => !line.commented);
      if (set.length !== 1 || own.length !== 1) {
        const found = own.map((line) => `line ${line.line}${line.commented ? ' (commented)' : ''}`).join(', ');
        wrong.push(`${key}: expected one uncommented line, found ${found || 'none'}`);
        continue;
      }
      const [expected] = new Set(modules.values());
      const wanted = key in MACHINE_DEPENDENT_DEFAULTS ? '' : expected;
      const { value, line } = set[0]!;
      if (value !== wanted) {
        wrong.push(`${key} (line ${line}): ${JSON.stringify(value)}, default ${JSON.stringify(wanted)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('when .env.example is copied to .env, then every schema loads it and gets its own defaults', () => {
    // parseEnv reads the file as process.loadEnvFile does, so this is what `pnpm start` and `infra:*` would see.
    const fromFile = parseEnv(text) as Record<string, string>;
    for (const schema of Object.values(SCHEMAS)) {
      expect(loadConfig(schema, fromFile)).toEqual(loadConfig(schema, {}));
    }
  });
});
