import { loadCliConfig } from '../cli-config.js';
import { UsageError, out, parseOptions, positiveInt, runCommand } from '@order-platform/command-kit';
import { cliKafka, withAdmin } from './kafka-connection.js';
import { createTopic, deleteTopic, describeTopics, listTopics } from './topic-admin.js';
import { formatDescription, parseConfigOptions } from './topic-format.js';

/** `pnpm kafka:topics`: the seed's kafka-topics.sh (--create, --list, --describe) on kafkajs' admin client. */
const usage = [
  'pnpm kafka:topics --create --topic T --partitions N [--replication-factor R] [--config name=value ...] ' +
    '[--if-not-exists]',
  '       pnpm kafka:topics --list',
  '       pnpm kafka:topics --describe [--topic T]',
  '       pnpm kafka:topics --delete --topic T',
  '       (each also takes --json, and --bootstrap-server host:port to override KAFKA_BROKERS)',
].join('\n');

runCommand(async () => {
  const { values } = parseOptions(
    process.argv.slice(2),
    {
      strings: ['topic', 'partitions', 'replication-factor', 'bootstrap-server'],
      booleans: ['create', 'list', 'describe', 'delete', 'if-not-exists', 'json'],
      lists: ['config'],
    },
    usage,
  );
  if (values.help) return void out(`usage: ${usage}`);
  const actions = (['create', 'list', 'describe', 'delete'] as const).filter((action) => values[action]);
  if (actions.length !== 1) throw new UsageError('give exactly one of --create, --list, --describe, --delete', usage);
  const action = actions[0]!;
  if ((action === 'create' || action === 'delete') && !values.topic)
    throw new UsageError(`--${action} needs --topic`, usage);

  const brokers = values['bootstrap-server'] ? values['bootstrap-server'].split(',') : loadCliConfig().KAFKA_BROKERS;
  const kafka = cliKafka(brokers, 'kafka-topics-cli');
  const json = values.json ?? false;

  await withAdmin(kafka, brokers, async (admin) => {
    switch (action) {
      case 'create': {
        const partitions = positiveInt(values.partitions, '--partitions', usage);
        if (partitions === undefined) throw new UsageError('--create needs --partitions', usage);
        let configs: Record<string, string>;
        try {
          configs = parseConfigOptions(values.config ?? []);
        } catch (error) {
          throw new UsageError((error as Error).message, usage);
        }
        const topic = values.topic!;
        const result = await createTopic(admin, {
          topic,
          partitions,
          replicationFactor: positiveInt(values['replication-factor'], '--replication-factor', usage),
          configs,
          ifNotExists: values['if-not-exists'] ?? false,
        });
        return out(
          json
            ? JSON.stringify({ topic, created: result === 'created' })
            : result === 'created'
              ? `Created topic ${topic}.`
              : `Topic ${topic} already exists.`,
        );
      }
      case 'list': {
        const topics = await listTopics(admin);
        return out(json ? JSON.stringify(topics) : topics.join('\n'));
      }
      case 'describe': {
        const descriptions = await describeTopics(admin, values.topic);
        if (json) return out(JSON.stringify(values.topic ? descriptions[0] : descriptions));
        return descriptions.flatMap(formatDescription).forEach((line) => out(line));
      }
      case 'delete': {
        await deleteTopic(admin, values.topic!);
        return out(json ? JSON.stringify({ topic: values.topic, deleted: true }) : `Deleted topic ${values.topic}.`);
      }
    }
  });
});
