import { SpanKind, SpanStatusCode, context, trace, type Context, type Span } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import { contextOfRecord, markSpanError } from '@order-platform/service-kit';
import type { CancelResult } from '../domain/cancel-order.js';
import type { OrderOutcome, StockOrder } from '../domain/stock-order.js';

const tracer = trace.getTracer('catalog-service');

/** What became of a message, as the handler reports it (order-batch-handler.ts's Handled). */
type Outcome =
  | { kind: Exclude<OrderOutcome['kind'], 'unknown-product'> | `cancel-${CancelResult['kind']}` }
  | { kind: 'dead-lettered'; reason: string };

interface Traced {
  span: Span;
  context: Context;
}

/**
 * The spans of the messages of one partition's batch, each in the trace of the order it carries.
 * Every message gets a CONSUMER span `process {topic}` whose parent is the producer span named by
 * its `traceparent` header (order-service writes one per record), so the trace of a POST goes on
 * through Kafka into catalog-service; a message without one starts a trace. The span lasts from the
 * moment the handler takes the message up to the moment it is settled (in the database or the
 * dead-letter topic). Orders applied together get one `stock update` span each, in their own trace,
 * all covering the one database transaction. kafkajs' instrumentation cannot do this for `eachBatch`:
 * its per-message spans start a new trace for every batch (service-kit's tracing-sampler.ts drops them).
 */
export class MessageTraces {
  private readonly traced = new Map<KafkaMessage, Traced>();

  constructor(
    private readonly topic: string,
    private readonly partition: number,
  ) {}

  /** Starts the message's span (once), continuing the trace of its headers. */
  start(message: KafkaMessage, order?: StockOrder): void {
    if (this.traced.has(message)) return;
    const parent = contextOfRecord(message.headers);
    const requestId = message.headers?.['x-request-id'];
    const span = tracer.startSpan(
      `process ${this.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': this.topic,
          'messaging.destination.partition.id': String(this.partition),
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.kafka.offset': Number(message.offset),
          ...(message.key && { 'messaging.kafka.message.key': message.key.toString() }),
          ...(requestId !== undefined && { 'request.id': String(requestId) }),
          ...(order && { 'order.id': order.orderId, 'product.id': order.productId, 'order.qty': order.qty }),
        },
      },
      parent,
    );
    this.traced.set(message, { span, context: trace.setSpan(parent, span) });
  }

  /** Runs `work` in the message's trace: its log lines carry the trace id, its spans (a dead-letter write) join it. */
  within<T>(message: KafkaMessage, work: () => T): T {
    const traced = this.traced.get(message);
    return traced ? context.with(traced.context, work) : work();
  }

  /**
   * Starts a `stock update` span per order applied together; the function returned ends them with
   * each order's outcome, or with the error that failed the transaction.
   */
  stockUpdate(messages: KafkaMessage[]): (result: { outcomes: OrderOutcome[] } | { error: unknown }) => void {
    const spans = messages.map((message) =>
      tracer.startSpan(
        'stock update',
        { attributes: { 'stock.batch_size': messages.length } },
        this.traced.get(message)?.context,
      ),
    );
    return (result) => {
      spans.forEach((span, index) => {
        if ('error' in result) markSpanError(span, result.error);
        else span.setAttribute('stock.outcome', result.outcomes[index]?.kind ?? 'unknown');
        span.end();
      });
    };
  }

  /** Ends the message's span with what became of it: a dead letter marks it failed. */
  settled(message: KafkaMessage, outcome: Outcome): void {
    const traced = this.traced.get(message);
    if (!traced) return;
    this.traced.delete(message);
    traced.span.setAttribute('order.outcome', outcome.kind);
    if (outcome.kind === 'dead-lettered') {
      traced.span.setAttribute('error.type', outcome.reason);
      traced.span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered: ${outcome.reason}` });
    }
    traced.span.end();
  }

  /** Ends the spans of messages left unsettled (the consumer stops or lost the partition; they come again). */
  abandon(): void {
    for (const { span } of this.traced.values()) {
      span.setAttribute('order.outcome', 'not-settled');
      span.end();
    }
    this.traced.clear();
  }
}
