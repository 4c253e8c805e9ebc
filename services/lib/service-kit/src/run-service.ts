import type { LevelWithSilent } from 'pino';
import type { z } from 'zod';
import { createAsyncLogger } from './async-logger.js';
import { exitOnConfigError, loadConfigOrExit, type ConfigSchema } from './config.js';
import { loadDotEnv } from './dot-env.js';
import type { Logger } from './logger.js';
import { warnIfNotPinnedNode } from './node-version.js';
import { superviseProcess } from './process-supervisor.js';
import { startRegistration } from './registry-client.js';
import type { RunningService } from './running-service.js';

/** A deployable's configuration: any schema, as long as it has LOG_LEVEL. */
type ServiceConfigSchema = ConfigSchema & z.ZodType<{ LOG_LEVEL: LevelWithSilent }>;

export interface ServiceDefinition<S extends ServiceConfigSchema> {
  /** The logger's name, the start of the log messages and, for a service that registers, its registry name. */
  name: string;
  configSchema: S;
  /** Rules that span keys, checked before anything starts (they throw a ConfigError). */
  check?: (config: z.infer<S>) => void;
  /** The service's own limit for a graceful stop; the hard deadline comes a little later. */
  shutdownTimeoutMs: (config: z.infer<S>) => number;
  /** Where a service registers with the gateway's registry (the gateway itself does not). */
  registry?: (config: z.infer<S>) => { url: string; heartbeatMs: number };
  /** The composition root: wires the dependencies, listens, returns the running handle. */
  start: (config: z.infer<S>, logger: Logger) => Promise<RunningService>;
}

/**
 * The one skeleton of the three deployables' `main.ts`: warn when not on the pinned Node, read
 * `.env`, parse the configuration (a wrong key: one line naming it, exit 2), create the logger,
 * start the composition root, say where it listens, register with the gateway, and leave the
 * stopping to the process supervisor (signals, unhandled errors, deadlines).
 */
export async function runService<S extends ServiceConfigSchema>(definition: ServiceDefinition<S>): Promise<void> {
  const { name } = definition;
  warnIfNotPinnedNode(name);
  const envFile = exitOnConfigError(() => loadDotEnv());
  const config = loadConfigOrExit(definition.configSchema, definition.check);
  const logger = createAsyncLogger(name, config.LOG_LEVEL);
  const supervisor = superviseProcess({ name, logger, shutdownTimeoutMs: definition.shutdownTimeoutMs(config) });
  let service: RunningService;
  try {
    service = await supervisor.starting(definition.start(config, logger));
  } catch (error) {
    // Typically the port is taken; Kafka or the database being down is no reason to fail.
    logger.fatal({ err: error }, `${name} could not start`);
    process.exit(1);
  }
  const { port, url, instanceId } = service;
  logger.info({ port, url, instanceId, envFile, ...service.facts }, `${name} listening`);
  const registry = definition.registry?.(config);
  if (registry === undefined || instanceId === undefined) return;
  supervisor.register(() =>
    startRegistration({
      registryUrl: registry.url,
      service: name,
      instanceId,
      url,
      heartbeatMs: registry.heartbeatMs,
      logger,
    }),
  );
}
