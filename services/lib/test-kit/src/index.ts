import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/**
 * Helpers for integration tests: explicit, bounded waits instead of sleeps, and unique names so
 * tests never share user ids, topics or consumer groups.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${what}` +
          (lastError === undefined ? '' : ` (last error: ${describe(lastError)})`),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}

/** `prefix-<8 hex>`: short enough for user ids (64 chars max) and topic names. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface CollectedMessage {
  partition: number;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

/**
 * Subscribes a fresh consumer group to `topic` from the beginning and collects every message;
 * `stop()` disconnects. read_committed by default, as every consumer of this platform.
 */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
  options: { readUncommitted?: boolean } = {},
): Promise<{ messages: CollectedMessage[]; stop: () => Promise<void> }> {
  // A short fetch wait: stop() waits for the fetch in flight, and tests stop many collectors.
  const consumer = kafka.consumer({
    groupId: uniqueId('test-collector'),
    readUncommitted: options.readUncommitted ?? false,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: CollectedMessage[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      messages.push({ partition, ...decode(message) });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

function decode(message: KafkaMessage): Omit<CollectedMessage, 'partition'> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return { key: message.key?.toString(), value: message.value?.toString(), headers };
}

export { endOffsets, readRawTopic, type RawMessage, type TopicReader } from './raw-topic-reader.js';
export { checkPrometheusText, parseSamples, sumOf, fetchMetrics, type Sample } from './prometheus-text.js';
export { rawConnection, type RawConnection } from './raw-connection.js';
