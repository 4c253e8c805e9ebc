import type { Admin, Kafka } from 'kafkajs';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { CliError } from '@order-platform/command-kit';

/**
 * kafkajs for a command-line tool: silent (stdout is for data; failures surface as errors) and
 * quick to give up, so an unreachable broker is reported in about a second, not after a minute of
 * retries.
 */
export function cliKafka(brokers: string[], clientId: string): Kafka {
  return createKafka({
    clientId,
    brokers,
    logger: createLogger(clientId, 'silent'),
    connectionTimeout: 3000,
    retry: { retries: 2, initialRetryTime: 200 },
  });
}

/** Runs `use` with a connected admin client, always disconnecting. */
export async function withAdmin<T>(kafka: Kafka, brokers: string[], use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await use(admin);
  } catch (error) {
    throw asCliError(error, brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Topics must exist: the CLI never creates one by accident (a typo would make a new topic). */
export async function requireTopic(admin: Admin, topic: string): Promise<void> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) {
    throw new CliError(
      `unknown topic ${JSON.stringify(topic)}`,
      `Create it with: pnpm kafka:topics --create --topic ${topic} --partitions 1 ` +
        '(pnpm kafka:topics --list shows the others)',
    );
  }
}

/** kafkajs' connection failures (directly, or as the last cause of exhausted retries) become one readable line. */
export function asCliError(error: unknown, brokers: string[]): unknown {
  if (error instanceof CliError) return error;
  type Link = Error & { cause?: Link; originalError?: Link; code?: string };
  const chain: Link[] = [];
  for (
    let current = error as Link | undefined;
    current && chain.length < 10;
    current = current.cause ?? current.originalError
  )
    chain.push(current);
  const connection = chain.find((item) => item.name === 'KafkaJSConnectionError' || item.code === 'ECONNREFUSED');
  if (connection || chain.some((item) => item.name === 'KafkaJSBrokerNotFound')) {
    return new CliError(
      `Kafka at ${brokers.join(',')} is unreachable (${(connection ?? chain[0])?.message})`,
      'Is the broker running? pnpm infra:up starts it; pnpm infra:status shows it (check KAFKA_BROKERS).',
    );
  }
  const last = chain.at(-1);
  return last ? new CliError(`${last.name}: ${last.message}`) : error;
}
