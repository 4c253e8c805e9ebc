import { SpanKind, trace, type Context, type Span } from '@opentelemetry/api';
import { injectIntoRecord, markSpanError } from '@order-platform/service-kit';
import type { BatchOutcome } from './batch-queue.js';

const tracer = trace.getTracer('order-service');

/** An order in a transaction, with the trace context of the request that placed it. */
export interface TracedOrder {
  orderId: string;
  context: Context;
}

/**
 * The spans of one Kafka transaction, in the trace of EACH order it carries. A transaction holds
 * the orders of many requests (BatchQueue), so it is told in every one of their traces: a
 * `kafka transaction` span per order (from the start of the batch to the commit's answer, with the
 * transaction's size), and under it a PRODUCER span per record, whose context goes into that record's
 * `traceparent`, so that catalog-service continues the right order's trace.
 *
 * kafkajs' instrumentation cannot do this: it opens one `transaction` span in whatever context
 * `producer.transaction()` runs in and injects that one trace into every record of the batch.
 * The publisher therefore runs its transactions outside any trace (outsideAnyTrace), where the
 * instrumentation records nothing and leaves the headers written here alone.
 */
export class TransactionTrace {
  private readonly transactions: Span[];
  private producers: Span[] = [];

  constructor(
    private readonly orders: TracedOrder[],
    attributes: { transactionalId: string },
  ) {
    this.transactions = orders.map((order) =>
      tracer.startSpan(
        'kafka transaction',
        {
          attributes: {
            'messaging.system': 'kafka',
            'messaging.kafka.transactional_id': attributes.transactionalId,
            'messaging.batch.message_count': orders.length * 2,
            'order.id': order.orderId,
          },
        },
        order.context,
      ),
    );
  }

  /** Starts the PRODUCER span of order `index`'s record on `topic`; answers the record's trace headers. */
  send(index: number, topic: string, key: string): Record<string, string> {
    const parent = trace.setSpan(this.orders[index]!.context, this.transactions[index]!);
    const span = tracer.startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.kafka.message.key': key,
        },
      },
      parent,
    );
    this.producers.push(span);
    const headers: Record<string, string> = {};
    injectIntoRecord(trace.setSpan(parent, span), headers);
    return headers;
  }

  /** Ends the producer spans when the records are produced (or failed to be). */
  async sending<T>(produce: Promise<T>): Promise<T> {
    try {
      return await produce;
    } catch (error) {
      for (const span of this.producers) markSpanError(span, error);
      throw error;
    } finally {
      for (const span of this.producers.splice(0)) span.end();
    }
  }

  /** Ends every order's transaction span with the batch's fate: only `committed` is a success. */
  ended(outcome: BatchOutcome): void {
    for (const span of this.producers.splice(0)) span.end();
    for (const span of this.transactions) {
      span.setAttribute('kafka.transaction.outcome', outcome.kind);
      if (outcome.kind !== 'committed') markSpanError(span, outcome.error);
      span.end();
    }
  }
}
