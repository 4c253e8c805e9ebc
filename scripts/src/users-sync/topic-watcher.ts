import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { CliError } from '../cli/cli-support.js';

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
  ) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicWatcher> {
    const consumer = kafka.consumer({ groupId: `users-sync-watch-${randomUUID().slice(0, 8)}`, allowAutoTopicCreation: false });
    const watcher = new TopicWatcher(topic, consumer);
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

  async waitFor(what: string, matches: (payload: Record<string, unknown>) => boolean, timeoutMs: number): Promise<WatchedRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find((record) => record.payload !== undefined && matches(record.payload));
      if (found) return found;
      if (Date.now() > deadline) throw new CliError(`${what} did not reach topic ${this.topic} within ${Math.round(timeoutMs / 1000)} s`, 'pnpm connect:status my-source-connect shows whether the source captures the binlog.');
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
    return typeof parsed.payload === 'object' && parsed.payload !== null ? (parsed.payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
