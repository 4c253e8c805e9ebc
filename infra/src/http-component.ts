import type { ComponentState } from './broker.js';
import type { InfraConfig } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { describeListener } from './orphans.js';
import { describePortHolder, isPortOpen, listeningPorts, runningPid, tail, type ManagedProcess } from './processes.js';
import { waitFor, type Progress } from './progress.js';

/** A process of ours that is healthy once it answers over HTTP on one port: Zipkin, the sink exporter. */
export interface HttpComponent {
  /** As in "Port … is held by …, which is not <what>". */
  what: string;
  processInfo: ManagedProcess;
  host: string;
  port: number;
  /** The configuration key that moves it to another port. */
  portKey: string;
  logFile: string;
  /** What answers there, described for the summary, or `undefined` when this component does not. */
  probe(): Promise<string | undefined>;
  /** Spawns it (detached, with its pid file); throws an InfraError when something it needs is missing. */
  start(): void;
}

/** Reuses the component when it answers, starts it when nothing holds its port, and waits until it answers. */
export async function ensureHttpComponent(
  component: HttpComponent,
  config: InfraConfig,
  progress: Progress,
): Promise<ComponentState> {
  const { what, processInfo, host, port } = component;
  const ours = runningPid(processInfo);
  const answering = await component.probe();
  if (answering && ours) return { state: 'running', pid: ours, detail: answering };
  if (answering) {
    return { state: 'reused', detail: `${answering}, not started by this checkout (${describeListener(port).text})` };
  }
  const elsewhere = ours === undefined ? [] : listeningPorts(ours).filter((other) => other !== port);
  if (ours && elsewhere.length > 0) {
    throw new InfraError(
      `The ${processInfo.name} of this checkout (pid ${ours}) listens on port ${elsewhere.join(', ')}, ` +
        `not on ${host}:${port} as ${component.portKey} now says.`,
      'pnpm infra:down stops it; pnpm infra:up then starts it where the configuration says.',
    );
  }
  if (!ours) {
    if (await isPortOpen(host, port)) {
      throw new InfraError(
        `Port ${host}:${port} is held by ${describePortHolder(port)}, which is not ${what}.`,
        `Stop it, or choose another port with ${component.portKey} (see .env.example).`,
      );
    }
    component.start();
  }
  const detail = await waitFor(
    `${processInfo.name} at ${host}:${port}`,
    async () => {
      if (!runningPid(processInfo)) {
        const log = component.logFile;
        throw new InfraError(`${processInfo.name} exited during start-up. Last lines of ${log}:\n${tail(log)}`);
      }
      return component.probe();
    },
    { timeoutMs: config.INFRA_START_TIMEOUT_S * 1000, progress },
  );
  return { state: ours ? 'running' : 'started', pid: runningPid(processInfo), detail };
}
