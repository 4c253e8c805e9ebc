import type http from 'node:http';
import type { Knex } from 'knex';
import { beginGracefulClose, finishesWithin, type Logger, type StopResult } from '@order-platform/service-kit';
import type { ReadinessProbe } from './data-access/readiness-probe.js';
import type { TransactionalOrderPublisher } from './data-access/transactional-order-publisher.js';
import type { VisibilityWatcher } from './data-access/visibility-watcher.js';

/** The error line of each order still in doubt when the process stops: nobody else will ever know of it. */
export const IN_DOUBT_MESSAGE =
  'stopping with this order in doubt: its commit answer was lost; check the orders topic and re-publish it if missing';

/** Exit code of a process that stopped with orders in doubt (their fate is for an operator to check). */
export const EXIT_IN_DOUBT = 3;

export interface OrderServiceStopResult extends StopResult {
  /** False when the deadline cut requests or publishing off. */
  clean: boolean;
  /** How many orders were logged as in doubt then. */
  inDoubt: number;
}

/** Logs every order in doubt, with all its fields; returns how many there were. */
export function logOrdersInDoubt(publisher: TransactionalOrderPublisher, log: Logger): number {
  const inDoubt = publisher.inDoubtOrders();
  for (const order of inDoubt) log.error({ order }, IN_DOUBT_MESSAGE);
  return inDoubt.length;
}

/**
 * The shutdown of an instance, in this order, all within `timeoutMs`: stop taking connections
 * (ready already says 503, answers carry `Connection: close`); every request already in flight
 * gets its answer: its order is still published and its visibility wait ends at the watcher's
 * next poll, so it is answered 201 if the sink already wrote it, 202 (durable) otherwise, or 503
 * if Kafka failed it. Then the publisher drains: orders whose request is gone (client or gateway
 * timeout) are still queued, and orders in doubt (a lost commit answer) are re-published until
 * one commits. Only then the producer and the database are closed. At the deadline, orders still
 * in doubt are logged with all their fields (nobody else will ever know them), connections are
 * closed unanswered, and nothing more is published (docs/design.md, I3 and I10).
 */
export async function shutDownOrderService(parts: {
  server: http.Server;
  publisher: TransactionalOrderPublisher;
  watcher: VisibilityWatcher;
  probe: ReadinessProbe;
  db: Knex;
  timeoutMs: number;
  log: Logger;
}): Promise<OrderServiceStopResult> {
  const deadline = Date.now() + parts.timeoutMs;
  const remaining = () => Math.max(0, deadline - Date.now());
  const http = beginGracefulClose(parts.server);
  parts.watcher.finish();
  const answered = await finishesWithin(http.closed, remaining());
  const clean = answered && (await finishesWithin(parts.publisher.drain(), remaining()));
  const inDoubt = clean ? 0 : logOrdersInDoubt(parts.publisher, parts.log);
  if (!clean) http.cut();
  await parts.publisher.close({ abandon: !clean });
  await http.closed;
  await parts.probe.close();
  await parts.db.destroy();
  return { exitCode: inDoubt > 0 ? EXIT_IN_DOUBT : clean ? 0 : 1, clean, inDoubt };
}
