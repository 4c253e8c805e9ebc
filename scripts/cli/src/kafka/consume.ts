import { randomUUID } from 'node:crypto';
import { loadCliConfig } from '../cli-config.js';
import { UsageError, info, onInterrupt, out, parseOptions, positiveInt, runCommand } from '@order-platform/command-kit';
import { asCliError, cliKafka, requireTopic, withAdmin } from './kafka-connection.js';
import { formatMessage, type ConsumedMessage } from './message-format.js';

/**
 * `pnpm kafka:consume --topic T`: the seed's kafka-console-consumer.sh. Prints each message until
 * Ctrl-C or --max-messages; then leaves the group cleanly. Without --group it reads with a
 * throw-away group and commits nothing; with --group it commits exactly what it printed.
 */
const usage =
  'pnpm kafka:consume --topic T [--from-beginning] [--group G] [--max-messages N] [--print-key] ' +
  '[--print-partition] [--print-offset] [--print-timestamp] [--json] [--bootstrap-server host:port]';

runCommand(async () => {
  const strings = ['topic', 'group', 'max-messages', 'bootstrap-server'] as const;
  const booleans = [
    'from-beginning',
    'print-key',
    'print-partition',
    'print-offset',
    'print-timestamp',
    'json',
  ] as const;
  const { values } = parseOptions(process.argv.slice(2), { strings, booleans }, usage);
  if (values.help) return void out(`usage: ${usage}`);
  if (!values.topic) throw new UsageError('--topic is required', usage);
  const topic = values.topic;
  const maxMessages = positiveInt(values['max-messages'], '--max-messages', usage);
  const brokers = values['bootstrap-server'] ? values['bootstrap-server'].split(',') : loadCliConfig().KAFKA_BROKERS;
  const print = {
    key: values['print-key'] ?? false,
    partition: values['print-partition'] ?? false,
    offset: values['print-offset'] ?? false,
    timestamp: values['print-timestamp'] ?? false,
  };
  const show = (message: ConsumedMessage) => out(values.json ? JSON.stringify(message) : formatMessage(message, print));

  const kafka = cliKafka(brokers, 'kafka-console-consumer');
  await withAdmin(kafka, brokers, (admin) => requireTopic(admin, topic));
  const consumer = kafka.consumer({
    groupId: values.group ?? `kafka-console-consumer-${randomUUID().slice(0, 8)}`,
    allowAutoTopicCreation: false,
    retry: { retries: 2, restartOnFailure: async () => false },
  });

  let count = 0;
  let finished = false;
  let settle!: (error?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  // A crash can settle it before it is awaited; the await below still sees the error.
  done.catch(() => undefined);
  const finish = (error?: Error) => {
    finished = true;
    settle(error);
  };
  onInterrupt(() => finish());
  consumer.on(consumer.events.CRASH, (event) => finish(asCliError(event.payload.error, brokers) as Error));

  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: values['from-beginning'] ?? false });
    await consumer.run({
      autoCommit: values.group !== undefined,
      eachBatchAutoResolve: false,
      // Offsets are resolved one printed message at a time, so a stop at --max-messages commits
      // (with --group) exactly what was printed and the next run continues from there.
      eachBatch: async (payload) => {
        const { batch } = payload;
        for (const message of batch.messages) {
          if (finished || !payload.isRunning() || payload.isStale()) break;
          show({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
          });
          payload.resolveOffset(message.offset);
          count += 1;
          if (maxMessages !== undefined && count >= maxMessages) finish();
        }
        await payload.heartbeat();
      },
    });
    await done;
  } catch (error) {
    throw asCliError(error, brokers);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  info(`Processed a total of ${count} messages`);
});
