import os from 'node:os';

/**
 * The instance id when ORDER_INSTANCE_ID is empty (started by hand): unique across hosts (the
 * host is 127.0.0.1 on every one of them, the hostname is not) and stable across restarts on the
 * same port, but not across a restart on another port. The launcher always sets a slot id instead.
 */
export function defaultInstanceId(port: number, hostname = os.hostname()): string {
  const host = hostname.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 80) || 'host';
  return `${host}-${port}`;
}

/**
 * Transactional ids are global to a Kafka cluster, and every platform on one broker (a user's
 * `pnpm start`, a test run's, the bench's) has an `order-1`: the orders topic, which each
 * platform has of its own, scopes the slot id, or one platform's instance would fence another's
 * (docs/design.md, I12).
 */
export function transactionalIdOf(ordersTopic: string, instanceId: string): string {
  return `order-service-${ordersTopic}-${instanceId}`;
}
