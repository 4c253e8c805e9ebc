import { describe, expect, it } from 'vitest';
import type { ConnectorStatus } from '@order-platform/infra';
import { formatList, formatStatus } from './status-format.js';

const running: ConnectorStatus = {
  name: 'my-sink-connect',
  type: 'sink',
  connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
  tasks: [{ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8083' }],
};

describe('formatStatus', () => {
  it('when every part runs, then it shows the connector and one line per task', () => {
    expect(formatStatus(running)).toEqual([
      'my-sink-connect (sink): RUNNING on 127.0.0.1:8083',
      '  task 0: RUNNING on 127.0.0.1:8083',
    ]);
  });

  it('when a task failed, then the head of its trace and its cause follow the task line', () => {
    const trace = [
      'org.apache.kafka.connect.errors.ConnectException: boom',
      ...Array.from({ length: 10 }, (_, i) => `\tat Frame${i}`),
      'Caused by: java.sql.SQLException: Unknown database',
    ].join('\n');
    const lines = formatStatus({ ...running, tasks: [{ id: 0, state: 'FAILED', worker_id: 'w', trace }] });
    expect(lines[1]).toBe('  task 0: FAILED on w');
    expect(lines[2]).toBe('    org.apache.kafka.connect.errors.ConnectException: boom');
    expect(lines.at(-1)).toBe('    Caused by: java.sql.SQLException: Unknown database');
  });
});

describe('formatList', () => {
  it('when there are connectors, then the columns line up under a header', () => {
    const lines = formatList([
      running,
      { ...running, name: 'src', type: 'source', connector: { state: 'PAUSED', worker_id: 'w' }, tasks: [] },
    ]);
    expect(lines).toEqual([
      'NAME             TYPE    STATE    TASKS',
      'my-sink-connect  sink    RUNNING  0=RUNNING',
      'src              source  PAUSED   none',
    ]);
  });
});
