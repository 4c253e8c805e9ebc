import { shortenTrace, type ConnectorStatus } from '@order-platform/infra';

const indent = (text: string, prefix: string) => text.split('\n').map((line) => `${prefix}${line}`);

/** `pnpm connect:status NAME`: the connector, then each task, with the head of any stack trace. */
export function formatStatus(status: ConnectorStatus): string[] {
  const lines = [`${status.name} (${status.type}): ${status.connector.state} on ${status.connector.worker_id}`];
  if (status.connector.trace) lines.push(...indent(shortenTrace(status.connector.trace), '    '));
  if (status.tasks.length === 0) lines.push('  no tasks');
  for (const task of status.tasks) {
    lines.push(`  task ${task.id}: ${task.state} on ${task.worker_id}`);
    if (task.trace) lines.push(...indent(shortenTrace(task.trace), '    '));
  }
  return lines;
}

/** `pnpm connect:list`: one aligned row per connector. */
export function formatList(statuses: ConnectorStatus[]): string[] {
  const rows = [
    ['NAME', 'TYPE', 'STATE', 'TASKS'],
    ...statuses.map((status) => [
      status.name,
      status.type,
      status.connector.state,
      status.tasks.map((task) => `${task.id}=${task.state}`).join(' ') || 'none',
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  '));
}
