import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { CliError } from '@order-platform/command-kit';

/** The connector that writes the topic: a wait ends early, with its trace, when it FAILED. */
export interface TopicWriter {
  name: string;
  /** The first FAILED part of the connector, shortened; undefined while it runs. */
  failure(): Promise<string | undefined>;
}

export interface WatchedRecord {
  offset: string;
  /** The record value as the topic holds it (Connect JSON: `{ schema, payload }`). */
  text: string;
  payload: Record<string, unknown> | undefined;
}

/**
 * Reads a topic from the beginning with a throw-away group (committing nothing) and keeps what
 * it saw, so a step can wait for "the record with this user_id" whether it arrived before or
 * after the wait began.
 */
export class TopicWatcher {
  private readonly records: WatchedRecord[] = [];

  private constructor(
    readonly topic: string,
    private readonly consumer: Consumer,
    private readonly writer: TopicWriter,
  ) {}

  static async start(kafka: Kafka, topic: string, writer: TopicWriter): Promise<TopicWatcher> {
    const consumer = kafka.consumer({
      groupId: `users-sync-watch-${randomUUID().slice(0, 8)}`,
      allowAutoTopicCreation: false,
    });
    const watcher = new TopicWatcher(topic, consumer, writer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const text = message.value?.toString() ?? '';
        watcher.records.push({ offset: message.offset, text, payload: payloadOf(text) });
      },
    });
    return watcher;
  }

  async waitFor(
    what: string,
    matches: (payload: Record<string, unknown>) => boolean,
    timeoutMs: number,
  ): Promise<WatchedRecord> {
    const deadline = Date.now() + timeoutMs;
    const hint = `pnpm connect:status ${this.writer.name} shows whether the source captures the binlog.`;
    // A source task can fail after it was RUNNING (on the first change it cannot apply): waiting the
    // whole timeout for a record it will never write would only hide its trace.
    let nextCheck = Date.now() + 2000;
    for (;;) {
      const found = this.records.find((record) => record.payload !== undefined && matches(record.payload));
      if (found) return found;
      if (Date.now() > nextCheck || Date.now() > deadline) {
        const failure = await this.writer.failure();
        if (failure) throw new CliError(`${what} cannot reach topic ${this.topic}: ${failure}`, hint);
        nextCheck = Date.now() + 2000;
      }
      if (Date.now() > deadline) {
        throw new CliError(`${what} did not reach topic ${this.topic} within ${Math.round(timeoutMs / 1000)} s`, hint);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

function payloadOf(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as { payload?: unknown };
    return typeof parsed.payload === 'object' && parsed.payload !== null
      ? (parsed.payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
