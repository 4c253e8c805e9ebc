import { shortenTrace } from '../domain/connectors.js';
import type { ConnectState, ConnectorView } from '../domain/snapshot.js';
import type { ConnectorAction, ConnectorControl } from '../domain/sources.js';
import { fetchJson } from './http-json.js';

interface Status {
  name: string;
  type: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: Array<{ id: number; state: ConnectState; worker_id: string; trace?: string }>;
}

/**
 * The console's few calls to Kafka Connect's REST API. Its own, not infra's ConnectClient: a
 * deployable imports no infra (docs/design.md, §10), and these are four requests without retries
 * (the next refresh is the retry).
 */
export function createConnectSource(connectUrl: string, timeoutMs: number) {
  const base = connectUrl.replace(/\/+$/, '');
  const path = (name: string, action: string) => `${base}/connectors/${encodeURIComponent(name)}/${action}`;
  const control: ConnectorControl = {
    async act(connector: string, action: ConnectorAction) {
      if (action === 'restart')
        await fetchJson(`${path(connector, 'restart')}?includeTasks=true&onlyFailed=true`, timeoutMs * 5, 'POST');
      else await fetchJson(path(connector, action), timeoutMs * 5, 'PUT');
    },
  };
  return {
    control,
    async connectors(): Promise<ConnectorView[]> {
      const expanded = await fetchJson<Record<string, { status: Status }>>(
        `${base}/connectors?expand=status`,
        timeoutMs,
      );
      return Object.values(expanded)
        .map(({ status }) => ({
          name: status.name,
          type: status.type,
          state: status.connector.state,
          workerId: status.connector.worker_id,
          trace: shortenTrace(status.connector.trace),
          tasks: status.tasks
            .map((task) => ({
              id: task.id,
              state: task.state,
              workerId: task.worker_id,
              trace: shortenTrace(task.trace),
            }))
            .sort((a, b) => a.id - b.id),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
