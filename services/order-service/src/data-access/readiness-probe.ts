import type { Admin, Kafka } from 'kafkajs';
import type { FieldProblem } from '@order-platform/service-kit';

/**
 * Answers "can this instance take orders right now": the Kafka cluster answers a metadata request
 * and the orders database answers a query, each within `timeoutMs`.
 */
export class ReadinessProbe {
  private admin: Admin | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly pingDatabase: () => Promise<void>,
    private readonly timeoutMs: number,
  ) {}

  /** The dependencies that are down, each with the reason; empty when the instance is ready. */
  async problems(): Promise<FieldProblem[]> {
    const [kafka, database] = await Promise.all([
      this.check(() => this.describeCluster()),
      this.check(this.pingDatabase),
    ]);
    return [
      ...(kafka ? [{ name: 'kafka', reason: kafka }] : []),
      ...(database ? [{ name: 'database', reason: database }] : []),
    ];
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async describeCluster(): Promise<void> {
    if (!this.admin) {
      this.admin = this.kafka.admin({ retry: { retries: 0 } });
    }
    try {
      await this.admin.connect();
      await this.admin.describeCluster();
    } catch (error) {
      // A fresh admin next time: kafkajs does not always recover a broken one by itself.
      const broken = this.admin;
      this.admin = undefined;
      await broken.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async check(probe: () => Promise<void>): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([probe(), timeout]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
