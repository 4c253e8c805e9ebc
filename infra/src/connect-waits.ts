import {
  ConnectError,
  shortenTrace,
  type ConnectClient,
  type ConnectorStatus,
  type ConnectState,
} from './connect-client.js';

/**
 * Connect's timing rules, in one place for infra:up, the connect:* commands, the drills and the
 * tests: a worker is ready when `GET /health` says so, and a connector is in a state when its
 * status says so for the connector and every task (Connect answers pause, resume, restart and
 * config changes first and acts a moment later).
 */
export class ConnectWaitError extends Error {
  constructor(
    message: string,
    /** `failed`: a part of the connector FAILED (the message holds its shortened trace). */
    readonly reason: 'failed' | 'timeout',
    readonly status?: ConnectorStatus,
  ) {
    super(message);
    this.name = 'ConnectWaitError';
  }
}

/**
 * After a restart, Connect's status still shows the old FAILED task until the worker has acted on
 * it: for this long, or until a status without a FAILED part shows up, a FAILED part is that stale one.
 */
export const STALE_FAILURE_MS = 10_000;

export interface WaitHooks {
  /** Called about every 5 s of waiting, with the time waited so far. */
  onWaiting?: (waitedMs: number) => void;
  /** Throws to end the wait early (for example when the worker process we started died). */
  abortIf?: () => void;
}

/** Waits until the worker's `GET /health` answers 200 (or, on a worker older than 3.9, its plugin list). */
export async function waitForWorkerReady(
  client: ConnectClient,
  timeoutMs: number,
  hooks: WaitHooks = {},
): Promise<void> {
  await poll(`the Kafka Connect worker at ${client.baseUrl} to be ready`, timeoutMs, hooks, async () => {
    try {
      const health = await client.health();
      if (health) return true;
      await client.plugins();
      return true;
    } catch (error) {
      if (error instanceof ConnectError) return undefined;
      throw error;
    }
  });
}

export interface StateWaitOptions extends WaitHooks {
  timeoutMs: number;
  /** A restart was just requested: apply the stale-FAILED rule from the start. */
  afterRestart?: boolean;
  /** Restart a FAILED part once before giving up (a fixed cause, such as a database that is back, needs it). */
  restartFailedOnce?: (failure: string) => void;
}

/** Waits until the connector and all its tasks are `wanted`; a FAILED part ends the wait with its trace. */
export async function waitForConnectorState(
  client: ConnectClient,
  name: string,
  wanted: ConnectState,
  options: StateWaitOptions,
): Promise<ConnectorStatus> {
  let restartedAt = options.afterRestart ? Date.now() : undefined;
  let settled = restartedAt === undefined;
  let last: ConnectorStatus | undefined;
  try {
    return await poll(`connector ${name} to be ${wanted}`, options.timeoutMs, options, async () => {
      try {
        last = await client.status(name);
      } catch (error) {
        // Right after a PUT the status may not exist yet.
        if (error instanceof ConnectError && error.status === 404) return undefined;
        throw error;
      }
      const failure = failedPart(last);
      if (!settled && (!failure || Date.now() - (restartedAt ?? 0) > STALE_FAILURE_MS)) settled = true;
      if (failure && wanted !== 'FAILED') {
        if (!settled) return undefined;
        if (!options.restartFailedOnce || restartedAt !== undefined)
          throw new ConnectWaitError(failure, 'failed', last);
        options.restartFailedOnce(failure);
        await client.restart(name);
        restartedAt = Date.now();
        settled = false;
        return undefined;
      }
      return reached(last, wanted) ? last : undefined;
    });
  } catch (error) {
    if (!(error instanceof PollTimeout)) throw error;
    const now = last
      ? `${last.connector.state}, tasks ${last.tasks.map((task) => `${task.id}=${task.state}`).join(' ') || 'none'}`
      : 'no status';
    throw new ConnectWaitError(
      `connector ${name} did not reach ${wanted} within ${Math.round(options.timeoutMs / 1000)} s (now: ${now})`,
      'timeout',
      last,
    );
  }
}

export function reached(status: ConnectorStatus, wanted: ConnectState): boolean {
  return (
    status.connector.state === wanted && status.tasks.length > 0 && status.tasks.every((task) => task.state === wanted)
  );
}

/** The connector's or the first task's failure with its shortened trace, if a part FAILED. */
export function failedPart(status: ConnectorStatus): string | undefined {
  if (status.connector.state === 'FAILED') {
    return `Connector ${status.name} FAILED:\n${shortenTrace(status.connector.trace)}`;
  }
  const task = status.tasks.find((candidate) => candidate.state === 'FAILED');
  return task ? `Task ${task.id} of connector ${status.name} FAILED:\n${shortenTrace(task.trace)}` : undefined;
}

class PollTimeout extends Error {}

async function poll<T>(
  what: string,
  timeoutMs: number,
  hooks: WaitHooks,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const started = Date.now();
  let reported = started;
  for (;;) {
    hooks.abortIf?.();
    const value = await check();
    if (value !== undefined) return value;
    const now = Date.now();
    if (now - started > timeoutMs)
      throw new PollTimeout(`timed out after ${Math.round((now - started) / 1000)} s waiting for ${what}`);
    if (now - reported >= 5000) {
      hooks.onWaiting?.(now - started);
      reported = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
