import fs from 'node:fs';
import path from 'node:path';
import type { ComponentState } from './broker.js';
import { zipkinAddress, type InfraConfig, type InfraPaths } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { checkoutFlag } from './java-toolchain.js';
import { ensureHttpComponent, type HttpComponent } from './http-component.js';
import { managedProcess, spawnDetached, type ManagedProcess } from './processes.js';
import type { Progress } from './progress.js';

/**
 * The trace UI: Zipkin's server jar (infra/.cache/zipkin, from infra/pom.xml) on ZIPKIN_URL, with
 * in-memory storage (traces are gone when it stops). The services post their spans to
 * `/api/v2/spans`; every test run and every process may share it, traces being apart by id.
 */
export function zipkinProcess(paths: InfraPaths): ManagedProcess {
  return managedProcess('Zipkin', paths.zipkin, 'zipkin');
}

export const zipkinLog = (paths: InfraPaths) => path.join(paths.zipkin, 'logs', 'zipkin.log');

/** Zipkin's version when a Zipkin answers `GET /health` with UP at ZIPKIN_URL, `undefined` otherwise. */
export async function probeZipkin(config: InfraConfig): Promise<string | undefined> {
  const get = async (route: string) => {
    const response = await fetch(new URL(route, config.ZIPKIN_URL), { signal: AbortSignal.timeout(2000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  };
  try {
    const health = await get('/health');
    if (health?.status !== 'UP' || health.zipkin === undefined) return undefined;
    const info = (await get('/info').catch(() => undefined)) as { zipkin?: { version?: string } } | undefined;
    return info?.zipkin?.version ?? 'version unknown';
  } catch {
    return undefined;
  }
}

export function ensureZipkin(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<ComponentState> {
  const { host, port } = zipkinAddress(config);
  const component: HttpComponent = {
    what: 'a Zipkin answering GET /health',
    processInfo: zipkinProcess(paths),
    host,
    port,
    portKey: 'ZIPKIN_URL',
    logFile: zipkinLog(paths),
    probe: async () => {
      const version = await probeZipkin(config);
      return version && `Zipkin ${version}`;
    },
    start: () => {
      if (!fs.existsSync(paths.zipkinJar)) {
        throw new InfraError(
          `Zipkin's server jar is missing (${paths.zipkinJar}).`,
          'Delete infra/.cache/pom.sha256, then pnpm infra:up resolves it from Maven Central again.',
        );
      }
      startZipkin(config, paths);
    },
  };
  return ensureHttpComponent(component, config, progress);
}

function startZipkin(config: InfraConfig, paths: InfraPaths): void {
  const { host, port } = zipkinAddress(config);
  spawnDetached(
    zipkinProcess(paths),
    config.JAVA,
    [
      ...config.ZIPKIN_HEAP_OPTS.split(/\s+/).filter(Boolean),
      '-XX:+UseSerialGC',
      // C1 only: starts in a third of the time on a busy laptop, with less memory; a trace UI needs no peak speed.
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      checkoutFlag(paths),
      '-jar',
      paths.zipkinJar,
      // Replaces Armeria's port list (0.0.0.0:9411 by default): listen on ZIPKIN_URL's interface only.
      `--armeria.ports[0].ip=${host}`,
      `--armeria.ports[0].port=${port}`,
      '--armeria.ports[0].protocols[0]=http',
    ],
    { cwd: paths.zipkin, logFile: zipkinLog(paths), env: zipkinEnv(config) },
  );
}

/** Zipkin reads its settings from the environment: in memory, HTTP collector only, whatever else is set. */
function zipkinEnv(config: InfraConfig): NodeJS.ProcessEnv {
  return {
    ...process.env,
    STORAGE_TYPE: 'mem',
    MEM_MAX_SPANS: String(config.ZIPKIN_MAX_SPANS),
    QUERY_PORT: String(zipkinAddress(config).port),
    SELF_TRACING_ENABLED: 'false',
    COLLECTOR_KAFKA_ENABLED: 'false',
    COLLECTOR_RABBITMQ_ENABLED: 'false',
    COLLECTOR_ACTIVEMQ_ENABLED: 'false',
    COLLECTOR_PULSAR_ENABLED: 'false',
    COLLECTOR_SCRIBE_ENABLED: 'false',
    DISCOVERY_EUREKA_ENABLED: 'false',
  };
}
