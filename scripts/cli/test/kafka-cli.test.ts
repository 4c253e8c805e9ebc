import { afterAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '@order-platform/infra';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { runEntry, startEntry } from '@order-platform/command-kit';
import { findFreePort } from '@order-platform/platform-harness';
import { cliEntries as entries } from '../src/index.js';

/**
 * pnpm kafka:topics / kafka:produce / kafka:consume as child processes against the real broker:
 * what the seed does with kafka-topics.sh and the console producer and consumer. Every test works
 * on topics of its own.
 */
const kafka = createKafka({
  clientId: 'kafka-cli-test',
  brokers: loadInfraConfig().KAFKA_BROKERS,
  logger: createLogger('kafka-cli-test', 'error'),
});
const topics: string[] = [];
const newTopic = (prefix: string) => {
  const topic = uniqueId(prefix);
  topics.push(topic);
  return topic;
};

/** For the tests of other commands, topic and messages are set up in-process (each CLI run costs a Node start). */
async function topicWith(prefix: string, values: string[]): Promise<string> {
  const topic = newTopic(prefix);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  if (values.length) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
    await producer.disconnect();
  }
  return topic;
}

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const existing = await admin.listTopics();
  await admin.deleteTopics({ topics: topics.filter((topic) => existing.includes(topic)) });
  await admin.disconnect();
});

describe('pnpm kafka:topics', () => {
  it('when a topic is created, then list and describe show it; creating it again needs --if-not-exists', async () => {
    const topic = newTopic('cli-topics');
    const created = await runEntry(entries.topics, [
      '--create',
      '--topic',
      topic,
      '--partitions',
      '3',
      '--replication-factor',
      '1',
      '--config',
      'retention.ms=3600000',
    ]);
    expect(created).toMatchObject({ code: 0, stdout: `Created topic ${topic}.\n` });

    const listed = await runEntry(entries.topics, ['--list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')).toContain(topic);

    const described = await runEntry(entries.topics, ['--describe', '--topic', topic]);
    expect(described.code).toBe(0);
    const lines = described.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Topic: ${topic}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=3600000`);
    expect(lines.slice(1)).toEqual(
      [0, 1, 2].map((partition) =>
        expect.stringMatching(
          new RegExp(`^\\tTopic: ${topic}\\tPartition: ${partition}\\tLeader: \\d+\\tReplicas: \\d+\\tIsr: \\d+$`),
        ),
      ),
    );

    const json = JSON.parse((await runEntry(entries.topics, ['--describe', '--topic', topic, '--json'])).stdout) as {
      partitionCount: number;
      configs: Record<string, string>;
      partitions: Array<{ partition: number; leader: number; replicas: number[]; isr: number[] }>;
    };
    expect(json.partitionCount).toBe(3);
    expect(json.configs).toEqual({ 'retention.ms': '3600000' });
    for (const partition of json.partitions) {
      expect(partition.replicas).toHaveLength(1);
      expect(partition.isr).toEqual(partition.replicas);
      expect(partition.replicas).toContain(partition.leader);
    }

    const again = await runEntry(entries.topics, ['--create', '--topic', topic, '--partitions', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`topic "${topic}" already exists`);
    expect(
      await runEntry(entries.topics, ['--create', '--topic', topic, '--partitions', '3', '--if-not-exists', '--json']),
    ).toMatchObject({ code: 0, stdout: `${JSON.stringify({ topic, created: false })}\n` });
  });

  it('when the topic is unknown, then --describe exits 1 and says so', async () => {
    const result = await runEntry(entries.topics, ['--describe', '--topic', 'no-such-topic-cli']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown topic "no-such-topic-cli"');
    expect(result.stdout).toBe('');
  });

  it('when the broker is unreachable, then the command exits 1 within seconds, naming the address', async () => {
    const port = await findFreePort(29_100);
    const result = await runEntry(entries.topics, ['--list'], {
      env: { KAFKA_BROKERS: `127.0.0.1:${port}` },
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Kafka at 127.0.0.1:${port} is unreachable`);
  });

  it('when the options are wrong, then it exits 2 with the usage', async () => {
    const result = await runEntry(entries.topics, ['--create', '--topic', 'x', '--partitions', 'three']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--partitions must be a positive integer');
    expect(result.stderr).toContain('usage: pnpm kafka:topics');
  });
});

describe('pnpm kafka:produce and kafka:consume', () => {
  it('when lines are piped to the producer, then the consumer prints each, with key, partition, offset', async () => {
    const topic = await topicWith('cli-produce', []);
    const lines = ['first message', '{"schema":{"type":"string"},"payload":"second"}', 'third message'];
    const produced = await runEntry(entries.produce, ['--topic', topic, '--key', 'k1'], {
      input: `${lines.join('\n')}\n\n`,
    });
    expect(produced).toMatchObject({ code: 0, stdout: '' });
    expect(produced.stderr).toContain(`3 message(s) sent to ${topic}`);

    const consumed = await runEntry(entries.consume, ['--topic', topic, '--from-beginning', '--max-messages', '3']);
    expect(consumed).toMatchObject({ code: 0, stdout: `${lines.join('\n')}\n` });
    expect(consumed.stderr).toContain('Processed a total of 3 messages');

    const detailed = await runEntry(entries.consume, [
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '2',
      '--print-key',
      '--print-partition',
      '--print-offset',
    ]);
    expect(detailed.stdout).toBe(`Partition:0\tOffset:0\tk1\t${lines[0]}\nPartition:0\tOffset:1\tk1\t${lines[1]}\n`);
  });

  it('when a group reads with --max-messages, then it commits what it printed; the next run goes on', async () => {
    const topic = await topicWith('cli-group', ['m1', 'm2', 'm3', 'm4', 'm5']);
    const group = uniqueId('cli-group');
    const twoOfGroup = ['--topic', topic, '--group', group, '--from-beginning', '--max-messages', '2'];
    const first = await runEntry(entries.consume, [...twoOfGroup, '--json']);
    const second = await runEntry(entries.consume, twoOfGroup);
    expect(
      first.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      expect.objectContaining({ topic, partition: 0, offset: '0', key: null, value: 'm1' }),
      expect.objectContaining({ topic, partition: 0, offset: '1', key: null, value: 'm2' }),
    ]);
    expect(second.stdout).toBe('m3\nm4\n');
  });

  it('when the consumer gets Ctrl-C, then it leaves cleanly with exit 0 and its count', async () => {
    const topic = await topicWith('cli-ctrl-c', ['only one']);
    const consumer = startEntry(entries.consume, ['--topic', topic, '--from-beginning']);
    await waitUntil('the consumer to print the message', () => consumer.output.stdout.includes('only one\n'), {
      timeoutMs: 30_000,
    });
    consumer.child.kill('SIGINT');
    const result = await consumer.done;
    expect(result).toMatchObject({ code: 0, stdout: 'only one\n' });
    expect(result.stderr).toContain('Processed a total of 1 messages');
  });

  it('when the topic is unknown, then producer and consumer exit 1 and never create it', async () => {
    const topic = uniqueId('cli-missing');
    for (const result of [
      await runEntry(entries.produce, ['--topic', topic], { input: 'x\n' }),
      await runEntry(entries.consume, ['--topic', topic]),
    ]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`unknown topic "${topic}"`);
    }
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.disconnect();
  });
});
