import {
  ConnectError,
  ConnectWaitError,
  waitForConnectorState,
  type ConnectClient,
  type ConnectState,
  type ConnectorStatus,
} from '@order-platform/infra';
import { CliError } from '@order-platform/command-kit';

/**
 * The commands' waits: the shared one (`waitForConnectorState`, which holds Connect's timing
 * rules) with errors a user of the CLI can act on.
 */
export async function waitForState(
  client: ConnectClient,
  name: string,
  wanted: ConnectState,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<ConnectorStatus> {
  try {
    return await waitForConnectorState(client, name, wanted, { timeoutMs, afterRestart: options.afterRestart });
  } catch (error) {
    if (!(error instanceof ConnectWaitError)) throw error;
    const hint =
      error.reason === 'failed'
        ? `pnpm connect:status ${name} shows it again; fix the cause, then: pnpm connect:restart ${name}`
        : `pnpm connect:status ${name}`;
    throw new CliError(error.message, hint);
  }
}

export interface WaitOptions {
  /** A restart was just requested: a FAILED part may be the stale one for a while (see STALE_FAILURE_MS). */
  afterRestart?: boolean;
}

/** A 404 on a named connector is the user's typo far more often than anything else. */
export async function requireConnector<T>(client: ConnectClient, name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConnectError && error.status === 404)) throw error;
    const known = await client.listConnectors().catch(() => [] as string[]);
    throw new CliError(
      `connector ${JSON.stringify(name)} not found at ${client.baseUrl}`,
      `Registered connectors: ${known.join(', ') || 'none'} (pnpm connect:list)`,
    );
  }
}
