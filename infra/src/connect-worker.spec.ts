import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JDBC_SINK_CLASS, requiredConnectorClasses } from './connect-worker.js';

describe('requiredConnectorClasses', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('when connector files sit in subfolders, then each connector.class is required once, with the sink', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connectors-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'demo'));
    const write = (file: string, connectorClass: string) =>
      fs.writeFileSync(
        path.join(dir, file),
        JSON.stringify({ name: 'x', config: { 'connector.class': connectorClass } }),
      );
    write('a.json', JDBC_SINK_CLASS);
    write('demo/source.json', 'io.debezium.connector.mariadb.MariaDbConnector');
    write('demo/sink.json', JDBC_SINK_CLASS);
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a connector');
    expect(requiredConnectorClasses(dir)).toEqual([
      'io.debezium.connector.jdbc.JdbcSinkConnector',
      'io.debezium.connector.mariadb.MariaDbConnector',
    ]);
  });

  it('when the repository folder is read, then the demo source plugin is required', () => {
    expect(requiredConnectorClasses(path.resolve(import.meta.dirname, '../connectors'))).toContain(
      'io.debezium.connector.mariadb.MariaDbConnector',
    );
  });
});
