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
import { NO_TRACING, type Tracing, type TracingConfig } from './tracing-config.js';

/** A deployable's configuration: any schema, as long as it has LOG_LEVEL and the tracing keys. */
type ServiceConfigSchema = ConfigSchema & z.ZodType<{ LOG_LEVEL: LevelWithSilent } & TracingConfig>;

/**
 * How long a stopping process waits for its last spans to be exported: within the hard deadline's
 * grace (HARD_DEADLINE_GRACE_MS), and never longer, even when the tracing backend does not answer.
 */
export const SPAN_FLUSH_TIMEOUT_MS = 2000;

export interface ServiceDefinition<S extends ServiceConfigSchema> {
  /** The logger's name, the start of the log messages and, for a service that registers, its registry name. */
  name: string;
  configSchema: S;
  /** Rules that span keys, checked before anything starts (they throw a ConfigError). */
  check?: (config: z.infer<S>) => void;
  /** The service's own limit for a graceful stop; the hard deadline comes a little later. */
  shutdownTimeoutMs: (config: z.infer<S>) => number;
  /** Where a service registers with the gateway's registry (the gateway itself does not). */
  registry?: (config: z.infer<S>) => { url: string; heartbeatMs: number; secret?: string };
  /**
   * The composition root: wires the dependencies, listens, returns the running handle. main.ts
   * loads it with a dynamic import inside this function, so that express, kafkajs and node:http are
   * loaded after tracing started (tracing.ts says why).
   */
  start: (config: z.infer<S>, logger: Logger) => Promise<RunningService>;
  /** Whether the service continues a trace a caller sends (traceparent); default yes. */
  continueIncomingTraces?: (config: z.infer<S>) => boolean;
  /** Whether the process is traced at all (default yes); the console, which only polls, is not. */
  traced?: boolean;
}

/**
 * The one skeleton of the three deployables' `main.ts`: warn when not on the pinned Node, read
 * `.env`, parse the configuration (a wrong key: one line naming it, exit 2), create the logger,
 * start tracing, start the composition root, say where it listens, register with the gateway, and leave the
 * stopping to the process supervisor (signals, unhandled errors, deadlines).
 */
export async function runService<S extends ServiceConfigSchema>(definition: ServiceDefinition<S>): Promise<void> {
  const { name } = definition;
  warnIfNotPinnedNode(name);
  const envFile = exitOnConfigError(() => loadDotEnv());
  const config = loadConfigOrExit(definition.configSchema, definition.check);
  const logger = createAsyncLogger(name, config.LOG_LEVEL);
  const supervisor = superviseProcess({ name, logger, shutdownTimeoutMs: definition.shutdownTimeoutMs(config) });
  const continueIncomingTraces = definition.continueIncomingTraces?.(config) ?? true;
  // The SDK and its exporters take a while to load: not at all when tracing is off.
  const tracing =
    config.OTEL_SDK_DISABLED || definition.traced === false
      ? NO_TRACING
      : await (await import('./tracing.js')).startTracing({ serviceName: name, config, continueIncomingTraces });
  let service: RunningService;
  try {
    service = await supervisor.starting(
      definition.start(config, logger).then((started) => flushingSpans(started, tracing)),
    );
  } catch (error) {
    // Typically the port is taken; Kafka or the database being down is no reason to fail.
    logger.fatal({ err: error }, `${name} could not start`);
    process.exit(1);
  }
  const { port, url, instanceId } = service;
  tracing.identify(instanceId ?? `${name}-${port}`);
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
      secret: registry.secret,
      logger,
    }),
  );
}

/** The service, stopping as before, then exporting its last spans (bounded: SPAN_FLUSH_TIMEOUT_MS). */
function flushingSpans(service: RunningService, tracing: Tracing): RunningService {
  const stop = service.stop.bind(service);
  let stopped: ReturnType<RunningService['stop']> | undefined;
  return Object.assign(service, {
    stop: () =>
      (stopped ??= stop().then(async (result) => {
        await tracing.shutdown(SPAN_FLUSH_TIMEOUT_MS);
        return result;
      })),
  });
}
