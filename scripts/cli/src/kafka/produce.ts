import readline from 'node:readline';
import { loadCliConfig } from '../cli-config.js';
import { UsageError, info, onInterrupt, out, parseOptions, runCommand } from '@order-platform/command-kit';
import { asCliError, cliKafka, requireTopic, withAdmin } from './kafka-connection.js';
import { LineSender } from './line-sender.js';

/**
 * `pnpm kafka:produce --topic T [--key K]`: the seed's kafka-console-producer.sh. Each stdin line is
 * one message (acks from all in-sync replicas); Ctrl-D (end of input) or Ctrl-C sends what is left
 * and stops. The count goes to stderr, or to stdout as JSON with --json.
 */
const usage =
  'pnpm kafka:produce --topic T [--key K] [--json] [--bootstrap-server host:port]   (one message per stdin line)';

runCommand(async () => {
  const strings = ['topic', 'key', 'bootstrap-server', 'broker-list'] as const;
  const { values } = parseOptions(process.argv.slice(2), { strings, booleans: ['json'] }, usage);
  if (values.help) return void out(`usage: ${usage}`);
  if (!values.topic) throw new UsageError('--topic is required', usage);
  const topic = values.topic;
  const servers = values['bootstrap-server'] ?? values['broker-list'];
  const brokers = servers ? servers.split(',') : loadCliConfig().KAFKA_BROKERS;
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  const sender = new LineSender(lines);
  const kafka = cliKafka(brokers, 'kafka-console-producer');
  await withAdmin(kafka, brokers, (admin) => requireTopic(admin, topic));

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  onInterrupt(() => lines.close());
  if (process.stdin.isTTY) info(`Type one message per line; Ctrl-D sends the rest and stops. Topic: ${topic}`);
  let sent: number;
  try {
    await producer.connect();
    sent = await sender.run(async (batch) => {
      await producer.send({ topic, messages: batch.map((value) => ({ key: values.key ?? null, value })) });
    });
  } catch (error) {
    throw asCliError(error, brokers);
  } finally {
    lines.close();
    await producer.disconnect().catch(() => undefined);
  }
  if (values.json) out(JSON.stringify({ topic, sent }));
  else info(`${sent} message(s) sent to ${topic}`);
});
