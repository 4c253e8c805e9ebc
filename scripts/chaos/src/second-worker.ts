import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { infraPaths, runningPid, stopProcess, type InfraConfig, type ManagedProcess } from '@order-platform/infra';
import { ConnectClient, waitForWorkerReady } from '@order-platform/infra';

const WORKER_MARKER = '-Dorder.platform.role=connect';

export function firstWorker(config: InfraConfig): ManagedProcess {
  return {
    name: 'Kafka Connect worker',
    pidFile: path.join(infraPaths(config).connect, 'connect.pid'),
    marker: WORKER_MARKER,
  };
}

export function secondWorker(config: InfraConfig): ManagedProcess {
  return {
    name: 'Kafka Connect worker 2',
    pidFile: path.join(infraPaths(config).state, 'connect-2', 'connect.pid'),
    marker: `${WORKER_MARKER}-2`,
  };
}

export function secondWorkerUrl(config: InfraConfig): string {
  const url = new URL(config.CONNECT_URL);
  url.port = String(Number(url.port) + 1);
  return url.origin;
}

/**
 * A second worker in the same Connect group, started like the one infra:up runs (its command
 * line, read from /proc) with its own REST port, properties file, logs and marker.
 */
export async function startSecondWorker(config: InfraConfig): Promise<number> {
  const first = runningPid(firstWorker(config));
  if (first === undefined) throw new Error('the first Connect worker is not running');
  const connectDir = infraPaths(config).connect;
  const dir = path.dirname(secondWorker(config).pidFile);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const [java, ...args] = fs.readFileSync(`/proc/${first}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const firstProperties = args.at(-1)!;
  const port = new URL(secondWorkerUrl(config)).port;
  const properties = fs
    .readFileSync(firstProperties, 'utf8')
    .replace(/^listeners=http:\/\/([^:]+):\d+$/m, `listeners=http://$1:${port}`)
    .replace(/^rest\.advertised\.port=\d+$/m, `rest.advertised.port=${port}`);
  const propertiesFile = path.join(dir, 'worker.properties');
  fs.writeFileSync(propertiesFile, properties);
  const secondArgs = args
    .slice(0, -1)
    .map((arg) => (arg === WORKER_MARKER ? secondWorker(config).marker : arg.split(connectDir).join(dir)));
  const out = fs.openSync(path.join(dir, 'logs', 'stdout.log'), 'a');
  const child = spawn(java!, [...secondArgs, propertiesFile], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error('could not start the second Connect worker');
  child.unref();
  fs.writeFileSync(secondWorker(config).pidFile, `${child.pid}\n`);
  await waitForWorkerReady(new ConnectClient(secondWorkerUrl(config)), config.INFRA_START_TIMEOUT_S * 1000, {
    abortIf: () => {
      if (runningPid(secondWorker(config)) === undefined)
        throw new Error(`the second Connect worker exited; see ${path.join(dir, 'logs')}`);
    },
  });
  return child.pid;
}

export async function stopSecondWorker(config: InfraConfig): Promise<string> {
  return `${secondWorker(config).name}: ${await stopProcess(secondWorker(config))}`;
}
