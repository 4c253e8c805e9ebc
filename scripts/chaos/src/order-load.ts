/** One POST as the client saw it. `status` 0: no HTTP answer (connection cut or timed out). */
export interface Answer {
  userId: string;
  productId: string;
  qty: number;
  status: number;
  orderId?: string;
  at: number;
  /** How long the client waited for the answer (or gave up), in ms: the drills' latency figures. */
  ms?: number;
}

export type Verdict = 'accepted' | 'refused' | 'unknown';

/**
 * 2xx: the order exists. 5xx from order-service (Kafka did not take it) or the gateway's 503
 * no-instance (it never reached one): it must not exist. 502/504 (an instance died with the
 * request in hand) and no answer at all: the truth is unknown, it may exist at most once.
 */
export function verdictOf(answer: Answer): Verdict {
  if (answer.status >= 200 && answer.status < 300) return 'accepted';
  if (answer.status === 0 || answer.status === 502 || answer.status === 504) return 'unknown';
  return 'refused';
}

/** One cancel of an accepted order (docs/design.md §3.2.3), as the client saw it. */
export interface CancelAnswer {
  orderId: string;
  status: number;
}

export interface LoadOptions {
  gatewayUrl: string;
  clients: number;
  /** Which product each order is for: a big stock most of the time, a small one to get rejections. */
  pickProduct: () => string;
  runId: string;
  /** The share of accepted orders the client cancels right after (0 to 1). */
  cancelShare?: number;
}

/**
 * Steady POST load: `clients` loops, each one request at a time, every user id unique so each
 * row in the orders table names the one request it came from.
 */
export class OrderLoad {
  readonly answers: Answer[] = [];
  readonly cancels: CancelAnswer[] = [];
  private running = true;
  private readonly loops: Array<Promise<void>> = [];

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    for (let client = 0; client < this.options.clients; client++) this.loops.push(this.loop(client));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(client: number): Promise<void> {
    for (let seq = 0; this.running; seq++) {
      const userId = `chaos-${this.options.runId}-${client}-${seq}`;
      const productId = this.options.pickProduct();
      const qty = 1 + Math.floor(Math.random() * 5);
      const answer: Answer = { userId, productId, qty, status: 0, at: Date.now() };
      try {
        const response = await fetch(`${this.options.gatewayUrl}/order-service/${userId}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': `${userId}-req` },
          body: JSON.stringify({ productId, qty, unitPrice: 1000 }),
          signal: AbortSignal.timeout(60_000),
        });
        answer.status = response.status;
        const body = (await response.json().catch(() => ({}))) as { orderId?: string };
        if (typeof body.orderId === 'string') answer.orderId = body.orderId;
      } catch {
        answer.status = 0;
      }
      answer.ms = Date.now() - answer.at;
      this.answers.push(answer);
      if (answer.orderId && verdictOf(answer) === 'accepted' && Math.random() < (this.options.cancelShare ?? 0))
        await this.cancel(userId, answer.orderId);
      // A refused request is retried by real clients after a moment; so do we, without hammering.
      if (verdictOf(answer) !== 'accepted') await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** A 202's order may not be readable yet: then the cancel is a 404, as for any client. */
  private async cancel(userId: string, orderId: string): Promise<void> {
    const cancel: CancelAnswer = { orderId, status: 0 };
    try {
      const response = await fetch(`${this.options.gatewayUrl}/order-service/${userId}/orders/${orderId}/cancel`, {
        method: 'POST',
        headers: { 'x-request-id': `${userId}-cancel` },
        signal: AbortSignal.timeout(60_000),
      });
      cancel.status = response.status;
      await response.arrayBuffer();
    } catch {
      cancel.status = 0;
    }
    this.cancels.push(cancel);
  }
}
