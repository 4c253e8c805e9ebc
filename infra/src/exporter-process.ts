import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ComponentState } from './broker.js';
import { EXPORTER_SERVICE } from './exporter/exporter-server.js';
import { repoRoot, type InfraConfig, type InfraPaths } from './infra-config.js';
import { ensureHttpComponent, type HttpComponent } from './http-component.js';
import { checkoutFlag } from './java-toolchain.js';
import { managedProcess, spawnDetached, type ManagedProcess } from './processes.js';
import type { Progress } from './progress.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ENTRY = fileURLToPath(new URL('./exporter/main.ts', import.meta.url));

/** The exporter listens on the loopback interface only, like the registry port. */
export const EXPORTER_HOST = '127.0.0.1';

export const exporterUrl = (config: InfraConfig) => `http://${EXPORTER_HOST}:${config.INFRA_EXPORTER_PORT}`;

/** A Node process (infra/src/exporter/main.ts), carrying the role marker as an argument of its script. */
export function exporterProcess(paths: InfraPaths): ManagedProcess {
  return managedProcess('sink metrics exporter', paths.exporter, 'exporter');
}

/** The Connect URL an exporter watches, when one answers `GET /health` at the configured port. */
export async function probeExporter(config: InfraConfig): Promise<string | undefined> {
  try {
    const response = await fetch(`${exporterUrl(config)}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { service?: string; connect?: string };
    return response.ok && body.service === EXPORTER_SERVICE ? (body.connect ?? '?') : undefined;
  } catch {
    return undefined;
  }
}

export function ensureExporter(config: InfraConfig, paths: InfraPaths, progress: Progress): Promise<ComponentState> {
  const component: HttpComponent = {
    what: 'the sink metrics exporter',
    processInfo: exporterProcess(paths),
    host: EXPORTER_HOST,
    port: config.INFRA_EXPORTER_PORT,
    portKey: 'INFRA_EXPORTER_PORT',
    logFile: path.join(paths.exporter, 'logs', 'exporter.log'),
    probe: async () => {
      const watched = await probeExporter(config);
      return watched && `watching ${watched}`;
    },
    // This very Node with tsx as a loader (never the tsx CLI, whose relaying parent would hold the pid).
    start: () =>
      void spawnDetached(exporterProcess(paths), process.execPath, ['--import', TSX, ENTRY, checkoutFlag(paths)], {
        cwd: repoRoot,
        logFile: path.join(paths.exporter, 'logs', 'exporter.log'),
        markerLast: true,
      }),
  };
  return ensureHttpComponent(component, config, progress);
}
