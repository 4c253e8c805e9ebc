import { failedPart } from '@order-platform/infra';
import { ConnectError, type ConnectClient, type ConnectState, type ConnectorStatus } from '@order-platform/shared';
import { CliError } from '../cli/cli-support.js';

/**
 * Connect answers pause, resume, restart and config changes at once and acts on them a moment
 * later: these waits poll the status until the connector and all its tasks are in the wanted
 * state, and fail early with the stack trace when a part FAILED.
 */
export async function waitForState(client: ConnectClient, name: string, wanted: ConnectState, timeoutMs: number, options: WaitOptions = {}): Promise<ConnectorStatus> {
  const deadline = Date.now() + timeoutMs;
  const settleEnd = Date.now() + (options.staleFailureMs ?? 0);
  let settled = !options.staleFailureMs;
  let last: ConnectorStatus | undefined;
  for (;;) {
    try {
      last = await client.status(name);
    } catch (error) {
      // Right after a PUT the status may not exist yet.
      if (!(error instanceof ConnectError && error.status === 404 && Date.now() < deadline)) throw error;
    }
    if (last) {
      // The first status without a FAILED part (or the end of the grace) shows Connect acted on the request.
      if (!settled && (!failedPart(last) || Date.now() > settleEnd)) settled = true;
      const failure = settled ? failedPart(last) : undefined;
      if (failure && wanted !== 'FAILED') {
        throw new CliError(failure, `pnpm connect:status ${name} shows it again; fix the cause, then: pnpm connect:restart ${name}`);
      }
      if (last.connector.state === wanted && last.tasks.length > 0 && last.tasks.every((task) => task.state === wanted)) return last;
    }
    if (Date.now() > deadline) {
      const now = last ? `${last.connector.state}, tasks ${last.tasks.map((task) => `${task.id}=${task.state}`).join(' ') || 'none'}` : 'no status';
      throw new CliError(`connector ${name} did not reach ${wanted} within ${Math.round(timeoutMs / 1000)} s (now: ${now})`, `pnpm connect:status ${name}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface WaitOptions {
  /**
   * After a restart, Connect's status still shows the old FAILED task until the worker has acted
   * (it answers the POST first): for this long, a FAILED part is taken as that stale one.
   */
  staleFailureMs?: number;
}

/** A 404 on a named connector is the user's typo far more often than anything else. */
export async function requireConnector<T>(client: ConnectClient, name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConnectError && error.status === 404)) throw error;
    const known = await client.listConnectors().catch(() => [] as string[]);
    throw new CliError(`connector ${JSON.stringify(name)} not found at ${client.baseUrl}`, `Registered connectors: ${known.join(', ') || 'none'} (pnpm connect:list)`);
  }
}
