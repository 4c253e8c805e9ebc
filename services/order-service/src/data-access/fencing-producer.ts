import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * The one transactional producer of a publisher, replaced whenever its state is in doubt. Each new
 * one fences: its InitProducerId makes the coordinator complete or abort whatever an earlier
 * producer with the same transactional id left open. Nothing is built any more once closed.
 */
export class FencingProducer {
  private producer: Promise<Producer> | undefined;
  private refenceTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: { kafka: Kafka; transactionalId: string; transactionTimeoutMs: number }) {}

  /** The current producer, connected and fenced; a new one when there is none. */
  ready(): Promise<Producer> {
    if (this.closed) return Promise.reject(new Error('the publisher is closed'));
    if (!this.producer) {
      const connecting = this.connectFresh();
      this.producer = connecting;
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
    }
    return this.producer;
  }

  /** Drops the current producer: the next ready() builds and fences a new one. */
  async discard(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    if (!current) return;
    await current.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  /**
   * After a failed abort or a lost commit a transaction may stay open on the broker, and it holds
   * back every read_committed consumer (the sink too) of its partitions until it times out. A new
   * producer fences it at once, so we make one as soon as the broker answers, orders or not.
   */
  scheduleRefence(): void {
    if (this.closed || this.refenceTimer) return;
    this.refenceTimer = setTimeout(() => {
      this.refenceTimer = undefined;
      this.ready().catch(() => this.scheduleRefence());
    }, 1000);
    this.refenceTimer.unref();
  }

  /**
   * No producer is built any more. A producer still connecting to an unreachable broker is
   * disconnected once its attempt ends; the close waits for that at most `boundMs`.
   */
  async close(boundMs: number): Promise<void> {
    this.closed = true;
    clearTimeout(this.refenceTimer);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise((resolve) => {
      timer = setTimeout(resolve, boundMs);
    });
    await Promise.race([this.discard(), bound]);
    clearTimeout(timer);
  }

  private async connectFresh(): Promise<Producer> {
    const producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: this.options.transactionalId,
      transactionTimeout: this.options.transactionTimeoutMs,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
      // Closed while connecting: not a single transaction from a publisher that was closed.
      if (this.closed) throw new Error('the publisher was closed while connecting');
      // The first transaction() sends InitProducerId: the coordinator completes or aborts whatever
      // an earlier producer with our transactional id left open. Nothing is added, so the abort
      // sends nothing and leaves the producer ready.
      const fence = await producer.transaction();
      await fence.abort();
      return producer;
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }
}
