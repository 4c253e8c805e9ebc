/**
 * What the console shows, read afresh every CONSOLE_REFRESH_MS. Each part comes from one source and
 * is either its value or why it is missing, so one source that is down never blanks the others.
 */
export type Reading<T> = { ok: true; value: T } | { ok: false; error: string };

/** `GET /registry` of the gateway's internal port (docs/design.md, §4). */
export interface RegistryListing {
  ttlMs: number;
  services: Record<string, RegistryEntry[]>;
}

export interface RegistryEntry {
  instanceId: string;
  url: string;
  status: 'up' | 'down';
  lastHeartbeatMsAgo: number;
}

/** `up`: routed to; `stale`: its heartbeat is late but within the TTL; `down`: not routed to, or not answering. */
export type InstanceState = 'up' | 'stale' | 'down';

export interface InstanceView {
  service: string;
  instanceId: string;
  url: string;
  state: InstanceState;
  /** Clock ms of its last heartbeat, as the registry saw it. */
  lastHeartbeatAt: number;
  /** Why it is not up. */
  reason?: string;
}

export interface KafkaView {
  brokers: Array<{ nodeId: number; host: string; port: number; controller: boolean }>;
  topics: TopicView[];
}

export interface TopicView {
  name: string;
  /** Undefined when the topic does not exist (yet). */
  partitions?: PartitionView[];
}

export interface PartitionView {
  partition: number;
  endOffset: number;
  /** One per consumer group of the platform that reads the topic; `null`: the group committed nothing there. */
  lags: Array<{ groupId: string; committed: number | null; lag: number | null }>;
}

export type ConnectState = 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'UNASSIGNED' | 'RESTARTING';

export interface ConnectorView {
  name: string;
  type: string;
  state: ConnectState;
  workerId: string;
  /** The first lines of a FAILED connector's Java stack trace. */
  trace?: string;
  tasks: Array<{ id: number; state: ConnectState; workerId: string; trace?: string }>;
}

export interface StockRow {
  productId: string;
  productName: string;
  stock: number;
}

/** A row of the orders table, as the sink wrote it. */
export interface OrderRecord {
  orderId: string;
  userId: string;
  productId: string | null;
  qty: number | null;
  unitPrice: number | null;
  totalPrice: number | null;
  /** `2026-12-01 18:00:00.123`, UTC. */
  createdAt: string;
}

export interface OrderView extends OrderRecord {
  /** Its trace in Zipkin (`trace`), a Zipkin search by its `order.id` tag until that is found (`search`). */
  trace?: { kind: 'trace' | 'search'; url: string };
}

export interface OrderCounts {
  created: number;
  accepted: number;
  unavailable: number;
}

export interface OrderRates {
  /** The span the rate is measured over (up to the window), 0 before the second reading. */
  windowSeconds: number;
  perSecond: number;
  /** Answers within the window, by kind: 201, 202, 503. */
  window: OrderCounts;
  /** Since the instances scraped now started. */
  totals: OrderCounts;
  /** order-service instances whose /metrics answered. */
  scraped: number;
}

export interface Snapshot {
  /** Clock ms of the reading. */
  at: number;
  instances: Reading<InstanceView[]>;
  kafka: Reading<KafkaView>;
  connectors: Reading<ConnectorView[]>;
  stock: Reading<StockRow[]>;
  orders: Reading<OrderView[]>;
  rates: Reading<OrderRates>;
  /** Whether orders link to Zipkin (tracing on, spans sent to Zipkin). */
  tracing: boolean;
}
