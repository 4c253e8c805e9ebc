import type { ComponentState } from './broker.js';
import { EXPORTER_HOST, ensureExporter, exporterProcess, exporterUrl, probeExporter } from './exporter-process.js';
import { zipkinAddress, type InfraConfig, type InfraPaths } from './infra-config.js';
import { runningPid, type ManagedProcess } from './processes.js';
import type { Progress } from './progress.js';
import { ensureZipkin, probeZipkin, zipkinProcess } from './zipkin.js';

/**
 * What infra:up runs to see the platform: Zipkin (the trace UI every service sends its spans to)
 * and the sink metrics exporter (the JDBC sink's connector and task states and lag, for Prometheus).
 */
export interface Observability {
  zipkin: ComponentState;
  exporter: ComponentState;
}

export async function ensureObservability(
  config: InfraConfig,
  paths: InfraPaths,
  progress: Progress,
): Promise<Observability> {
  const zipkin = await progress.step(`Zipkin (trace UI, in-memory storage) on ${config.ZIPKIN_URL}`, () =>
    ensureZipkin(config, paths, progress),
  );
  progress.info(`${zipkin.state}: ${zipkin.detail}`);
  const exporter = await progress.step(`Sink metrics exporter on ${exporterUrl(config)}/metrics`, () =>
    ensureExporter(config, paths, progress),
  );
  progress.info(`${exporter.state}: ${exporter.detail}`);
  return { zipkin, exporter };
}

export function observabilitySummary(config: InfraConfig, { zipkin, exporter }: Observability): string[] {
  const pid = (state: ComponentState) => `${state.state}${state.pid ? ` (pid ${state.pid})` : ''}`;
  return [
    `Zipkin         ${config.ZIPKIN_URL}  ${pid(zipkin)}`,
    `Sink exporter  ${exporterUrl(config)}/metrics  ${pid(exporter)}`,
  ];
}

/** For infra:down, in stopping order: the exporter (it reads the others), then Zipkin. */
export function observabilityTargets(
  config: InfraConfig,
  paths: InfraPaths,
): Array<{ processInfo: ManagedProcess; ports: Array<{ host: string; port: number }> }> {
  return [
    { processInfo: exporterProcess(paths), ports: [{ host: EXPORTER_HOST, port: config.INFRA_EXPORTER_PORT }] },
    { processInfo: zipkinProcess(paths), ports: [zipkinAddress(config)] },
  ];
}

/** infra:status lines; `memory` describes a pid as the other lines do. */
export async function observabilityStatus(
  config: InfraConfig,
  paths: InfraPaths,
  memory: (pid: number | undefined) => string,
): Promise<{ healthy: boolean; lines: string[] }> {
  const [version, watched] = await Promise.all([probeZipkin(config), probeExporter(config)]);
  const zipkinPid = runningPid(zipkinProcess(paths));
  const exporterPid = runningPid(exporterProcess(paths));
  const notOurs = (up: unknown, pid: number | undefined) => (up && !pid ? ' (not ours)' : '');
  return {
    healthy: Boolean(version && watched),
    lines: [
      `Zipkin         ${config.ZIPKIN_URL}: ${version ? `UP, version ${version}` : 'DOWN'}` +
        `${memory(zipkinPid)}${notOurs(version, zipkinPid)}`,
      `Sink exporter  ${exporterUrl(config)}/metrics: ${watched ? `UP, watching ${watched}` : 'DOWN'}` +
        `${memory(exporterPid)}${notOurs(watched, exporterPid)}`,
    ],
  };
}
