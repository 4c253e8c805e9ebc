import path from 'node:path';
import { applyConnector } from '@order-platform/infra';
import { ConnectClient, type ConnectorStatus } from '@order-platform/infra';
import { loadCliConfig } from '../cli-config.js';
import { UsageError, info, out, parseOptions, positiveInt, runCommand } from '@order-platform/command-kit';
import { loadConnectorFile } from './connector-file.js';
import { requireConnector, waitForState } from './connector-waits.js';
import { formatList, formatStatus } from './status-format.js';

/**
 * `pnpm connect:<command>`: the seed's `curl .../connectors` calls on the Connect REST API. Every
 * command that changes a connector waits until the worker has acted on it and prints the status
 * it reached (or fails with the stack trace of what FAILED).
 */
const usage = [
  'pnpm connect:list',
  '       pnpm connect:status NAME',
  '       pnpm connect:register FILE.json   (create, or update when the config differs)',
  '       pnpm connect:pause NAME | connect:resume NAME | connect:restart NAME | connect:delete NAME',
  '       (each also takes --json, and --wait-s N: how long to wait for the new state, default 60)',
].join('\n');

runCommand(async () => {
  const [command = '', ...rest] = process.argv.slice(2).filter((arg) => arg !== '--');
  if (command === '--help' || command === '-h') return void out(`usage: ${usage}`);
  const { values, positionals } = parseOptions(
    rest,
    { strings: ['wait-s'], booleans: ['json'], positionals: 1 },
    usage,
  );
  if (values.help) return void out(`usage: ${usage}`);
  const client = new ConnectClient(loadCliConfig().CONNECT_URL);
  const timeoutMs = (positiveInt(values['wait-s'], '--wait-s', usage) ?? 60) * 1000;
  const show = (status: ConnectorStatus) =>
    values.json ? out(JSON.stringify(status)) : formatStatus(status).forEach((line) => out(line));

  if (command === 'list') {
    if (positionals.length) throw new UsageError('connect:list takes no argument', usage);
    const statuses = await client.listStatuses();
    if (values.json) return out(JSON.stringify(statuses));
    if (statuses.length === 0) return info('no connectors registered');
    return formatList(statuses).forEach((line) => out(line));
  }
  const argument = positionals[0];
  if (!argument)
    throw new UsageError(
      command === 'register'
        ? 'connect:register needs a FILE.json'
        : `connect:${command || '<command>'} needs a connector NAME`,
      usage,
    );

  switch (command) {
    case 'status':
      return show(await requireConnector(client, argument, () => client.status(argument)));
    case 'register': {
      // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
      const definition = loadConnectorFile(path.resolve(process.env.INIT_CWD ?? process.cwd(), argument));
      const change = await applyConnector(client, definition);
      info(`${definition.name}: ${change}`);
      return show(await waitForState(client, definition.name, 'RUNNING', timeoutMs));
    }
    case 'pause':
      await requireConnector(client, argument, () => client.pause(argument));
      return show(await waitForState(client, argument, 'PAUSED', timeoutMs));
    case 'resume':
      await requireConnector(client, argument, () => client.resume(argument));
      return show(await waitForState(client, argument, 'RUNNING', timeoutMs));
    case 'restart':
      // The connector and those of its tasks that FAILED; running tasks keep running.
      await requireConnector(client, argument, () => client.restart(argument));
      return show(await waitForState(client, argument, 'RUNNING', timeoutMs, { afterRestart: true }));
    case 'delete':
      await requireConnector(client, argument, () => client.remove(argument));
      return out(values.json ? JSON.stringify({ name: argument, deleted: true }) : `Deleted connector ${argument}.`);
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`, usage);
  }
});
