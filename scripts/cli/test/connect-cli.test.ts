import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, loadInfraConfig } from '@order-platform/infra';
import { ConnectClient, type ConnectorStatus } from '@order-platform/infra';
import { uniqueId } from '@order-platform/test-kit';
import { runEntry } from '@order-platform/command-kit';
import { findFreePort } from '@order-platform/platform-harness';
import { cliEntries as entries, cliKafka, withAdmin } from '../src/index.js';

/**
 * pnpm connect:* as child processes against the shared Connect worker, on a test-only JDBC sink
 * with a name, topic and database of its own (the platform's my-order-sink-connect is never
 * touched). Its database does not exist at first, so its task FAILS: the restart test then has a
 * real failed task to bring back.
 */
const infra = loadInfraConfig();
const name = uniqueId('cli-test-sink');
const database = uniqueId('cli_test').replace(/-/g, '_');
const topic = `${name}-topic`;
const connectorFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'connect-cli-')), `${name}.json`);
const client = new ConnectClient(infra.CONNECT_URL);

beforeAll(() => {
  // The ${KEY} placeholders are resolved from the configuration, as for infra/connectors files.
  const definition = {
    name,
    config: {
      'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
      'tasks.max': '1',
      topics: topic,
      'connection.url': `jdbc:mariadb://\${DB_HOST}:\${DB_PORT}/${database}`,
      'connection.username': '${DB_USER}',
      'connection.password': '${DB_PASSWORD}',
      'insert.mode': 'upsert',
      'primary.key.mode': 'record_value',
      'primary.key.fields': 'id',
      'schema.evolution': 'basic',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
  };
  fs.writeFileSync(connectorFile, JSON.stringify(definition, null, 2));
});

afterAll(async () => {
  await client.remove(name).catch(() => undefined);
  const server = connectDatabase(infra);
  await server.raw('DROP DATABASE IF EXISTS ??', [database]);
  await server.destroy();
  fs.rmSync(path.dirname(connectorFile), { recursive: true, force: true });
  // The sink's consumer may have had the broker create its topic.
  await withAdmin(cliKafka(infra.KAFKA_BROKERS, 'connect-cli-test'), infra.KAFKA_BROKERS, async (admin) => {
    if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic] });
  });
});

describe('pnpm connect:*', () => {
  it('when a sink lacking its database is registered, then it exits 1, and restart revives the task', async () => {
    const registered = await runEntry(entries.connect, ['register', connectorFile, '--wait-s', '30']);
    expect(registered.code).toBe(1);
    expect(registered.stderr).toContain(`${name}: created`);
    expect(registered.stderr).toContain(`Task 0 of connector ${name} FAILED`);
    expect(registered.stderr).toContain(`pnpm connect:restart ${name}`);

    const failed = await runEntry(entries.connect, ['status', name]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain(`${name} (sink): RUNNING`);
    expect(failed.stdout).toContain('task 0: FAILED');

    const server = connectDatabase(infra);
    await server.raw('CREATE DATABASE ??', [database]);
    await server.destroy();
    const restarted = await runEntry(entries.connect, ['restart', name]);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(/^ {2}task 0: RUNNING/m);
  });

  it('when the connector runs, then list, status, pause, resume work; registering it again is a no-op', async () => {
    const listed = await runEntry(entries.connect, ['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+sink\\s+RUNNING\\s+0=RUNNING$`, 'm'));

    const status = JSON.parse((await runEntry(entries.connect, ['status', name, '--json'])).stdout) as ConnectorStatus;
    expect(status).toMatchObject({
      name,
      type: 'sink',
      connector: { state: 'RUNNING' },
      tasks: [{ id: 0, state: 'RUNNING' }],
    });

    const paused = await runEntry(entries.connect, ['pause', name]);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain(`${name} (sink): PAUSED`);
    expect((await client.status(name)).tasks.map((task) => task.state)).toEqual(['PAUSED']);

    const resumed = await runEntry(entries.connect, ['resume', name, '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ state: 'RUNNING' }],
    });

    const again = await runEntry(entries.connect, ['register', connectorFile]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`${name}: unchanged`);
  });

  it('when the connector is deleted, then it is gone and naming it again exits 1 with "not found"', async () => {
    const deleted = await runEntry(entries.connect, ['delete', name]);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted connector ${name}.\n` });
    expect(await client.listConnectors()).not.toContain(name);

    const missing = await runEntry(entries.connect, ['status', name]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`connector "${name}" not found`);
    expect(missing.stdout).toBe('');
  });

  it('when Kafka Connect is unreachable or the command unknown, then it exits non-zero with the reason', async () => {
    const port = await findFreePort(29_200);
    const unreachable = await runEntry(entries.connect, ['list'], { env: { CONNECT_URL: `http://127.0.0.1:${port}` } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`Kafka Connect at http://127.0.0.1:${port} is unreachable`);

    const unknown = await runEntry(entries.connect, ['explode', name]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "explode"');
  });
});
