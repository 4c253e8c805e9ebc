import type { ConnectorView, KafkaView, OrderRecord, RegistryListing, StockRow } from './snapshot.js';

/** The console's ports: where each part of a snapshot is read (implemented in data-access/). */
export interface ConsoleSources {
  registry(): Promise<RegistryListing>;
  kafka(): Promise<KafkaView>;
  connectors(): Promise<ConnectorView[]>;
  stock(): Promise<StockRow[]>;
  latestOrders(): Promise<OrderRecord[]>;
  /** An instance's `GET /metrics` text; rejects when it does not answer. */
  metrics(instanceUrl: string): Promise<string>;
  /** The id of the trace whose spans carry `order.id = orderId`; undefined while none is found. */
  traceOf(orderId: string): Promise<string | undefined>;
}

export type ConnectorAction = 'pause' | 'resume' | 'restart';

export const CONNECTOR_ACTIONS: readonly ConnectorAction[] = ['pause', 'resume', 'restart'];

export function isConnectorAction(name: string): name is ConnectorAction {
  return (CONNECTOR_ACTIONS as readonly string[]).includes(name);
}

/** Kafka Connect's side of the actions. */
export interface ConnectorControl {
  act(connector: string, action: ConnectorAction): Promise<void>;
}
