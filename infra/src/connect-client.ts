/**
 * A small client for the Kafka Connect REST API (the seed's `curl .../connectors` calls).
 * Errors carry the HTTP status and Connect's own message so callers can print something a
 * newcomer can act on.
 */
export type ConnectState = 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'UNASSIGNED' | 'RESTARTING';

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: Array<{ id: number; state: ConnectState; worker_id: string; trace?: string }>;
  type: 'sink' | 'source';
}

export class ConnectError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** Worth another try: a timeout, or a refusal while the worker group rebalances. */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

export interface ConnectClientOptions {
  /** Timeout of one HTTP request. */
  timeoutMs?: number;
  /**
   * How long a call keeps retrying, with bounded backoff, while the worker times out or refuses
   * it because its group rebalances (409, or 500 "a rebalance is expected"). 0: never retry.
   */
  retryForMs?: number;
}

export class ConnectClient {
  private readonly timeoutMs: number;
  private readonly retryForMs: number;

  constructor(
    readonly baseUrl: string,
    options: ConnectClientOptions | number = {},
  ) {
    const { timeoutMs = 10_000, retryForMs = 30_000 } = typeof options === 'number' ? { timeoutMs: options } : options;
    this.timeoutMs = timeoutMs;
    this.retryForMs = retryForMs;
  }

  /**
   * `GET /health` (Kafka Connect 3.9+, KIP-1017): 200 only once the worker finished starting and
   * its herder answers; Connect's REST server is up seconds before that. `undefined` on a worker
   * too old to have it (404).
   */
  async health(): Promise<{ status: string; message: string } | undefined> {
    try {
      return await this.attempt('GET', '/health');
    } catch (error) {
      if (error instanceof ConnectError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** `GET /`: the worker's version and Kafka cluster id; throws when nothing answers. */
  info(): Promise<{ version: string; commit: string; kafka_cluster_id: string }> {
    return this.request('GET', '/');
  }

  /** `GET /connector-plugins`: the connector classes the worker can run. */
  plugins(): Promise<Array<{ class: string; type: 'sink' | 'source'; version: string }>> {
    return this.request('GET', '/connector-plugins');
  }

  listConnectors(): Promise<string[]> {
    return this.request('GET', '/connectors');
  }

  /** `GET /connectors?expand=status`: every connector with its status in one call, sorted by name. */
  async listStatuses(): Promise<ConnectorStatus[]> {
    const expanded = await this.request<Record<string, { status: ConnectorStatus }>>(
      'GET',
      '/connectors?expand=status',
    );
    return Object.values(expanded)
      .map((entry) => entry.status)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** `GET /connectors?expand=status&expand=info`: every connector's status and configuration, sorted by name. */
  async listWithConfigs(): Promise<Array<{ status: ConnectorStatus; config: Record<string, string> }>> {
    type Expanded = Record<string, { status: ConnectorStatus; info: { config: Record<string, string> } }>;
    const expanded = await this.request<Expanded>('GET', '/connectors?expand=status&expand=info');
    return Object.values(expanded)
      .map((entry) => ({ status: entry.status, config: entry.info.config }))
      .sort((a, b) => a.status.name.localeCompare(b.status.name));
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/status`);
  }

  getConfig(name: string): Promise<Record<string, string>> {
    return this.request('GET', `/connectors/${encodeURIComponent(name)}/config`);
  }

  /** Creates or updates a connector: the idempotent form of the seed's `POST /connectors`. */
  putConfig(name: string, config: Record<string, string>): Promise<unknown> {
    return this.request('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  pause(name: string): Promise<unknown> {
    return this.request('PUT', `/connectors/${encodeURIComponent(name)}/pause`);
  }

  resume(name: string): Promise<unknown> {
    return this.request('PUT', `/connectors/${encodeURIComponent(name)}/resume`);
  }

  /** Restarts the connector and those of its tasks that failed (with `onlyFailed: false`, all of them). */
  restart(name: string, options: { onlyFailed?: boolean } = {}): Promise<unknown> {
    const onlyFailed = options.onlyFailed ?? true;
    return this.request(
      'POST',
      `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=${onlyFailed}`,
    );
  }

  remove(name: string): Promise<unknown> {
    return this.request('DELETE', `/connectors/${encodeURIComponent(name)}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const deadline = Date.now() + this.retryForMs;
    for (let backoffMs = 250; ; backoffMs = Math.min(backoffMs * 2, 2000)) {
      try {
        return await this.attempt<T>(method, path, body);
      } catch (error) {
        if (!(error instanceof ConnectError && error.transient) || Date.now() + backoffMs > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }

  private async attempt<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = describeCause(error);
      throw new ConnectError(
        `Kafka Connect at ${this.baseUrl} is unreachable (${cause})`,
        undefined,
        cause === 'timed out',
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // Jetty answers HTML before Connect's resources are registered; keep the raw text.
      }
      const rebalancing = response.status === 409 || (response.status === 500 && /rebalance/i.test(message));
      throw new ConnectError(`${method} ${path} answered ${response.status}: ${message}`, response.status, rebalancing);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** The innermost useful reason: fetch wraps ECONNREFUSED and friends in `cause` (or an AggregateError). */
export function describeCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const { code, cause, errors } = current as Error & { code?: string; cause?: unknown; errors?: unknown[] };
    if (current.name === 'TimeoutError') return 'timed out';
    if (typeof code === 'string') return code;
    current = cause ?? errors?.[0];
    if (current === undefined)
      return (error as Error).message === 'fetch failed' ? 'no answer' : (error as Error).message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The first lines of a Java stack trace: enough to see what failed without a screenful. */
export function shortenTrace(trace: string | undefined, lines = 6): string {
  if (!trace) return '';
  const all = trace.split('\n');
  const causedBy = all.filter((line) => line.startsWith('Caused by:'));
  const head = all.slice(0, lines);
  return [...head, ...(all.length > lines ? ['\t...'] : []), ...causedBy.slice(-2)].join('\n');
}
