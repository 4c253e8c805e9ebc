import fs from 'node:fs';
import path from 'node:path';
import {
  ConnectClient,
  infraPaths,
  javaArgs,
  waitForWorkerReady,
  workerProperties,
  type InfraConfig,
} from '@order-platform/infra';
import { HostProcess } from './host-process.js';
import type { TestHost } from './topology.js';

export const CONNECT_PORT = 8083;

export const workerUrl = (host: TestHost): string => `http://${host.ip}:${CONNECT_PORT}`;

/**
 * Two workers of one Connect group, each on its host: the same properties infra:up writes, with the
 * host's own REST address (listeners and rest.advertised.host.name come from CONNECT_URL), so each
 * worker tells the group where it is. Resolves once both can serve config requests.
 */
export async function startWorkers(
  config: InfraConfig,
  hosts: TestHost[],
  stateDir: string,
  say: (line: string) => void,
): Promise<HostProcess[]> {
  const paths = infraPaths(config);
  const workers = hosts.map((host) => {
    const dir = path.join(stateDir, host.name);
    const logs = path.join(dir, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    const propertiesFile = path.join(dir, 'worker.properties');
    fs.writeFileSync(propertiesFile, workerProperties({ ...config, CONNECT_URL: workerUrl(host) }, paths));
    const argv = [
      config.JAVA,
      ...javaArgs(paths, config.CONNECT_HEAP_OPTS, logs, 'connect'),
      'org.apache.kafka.connect.cli.ConnectDistributed',
      propertiesFile,
    ];
    return new HostProcess(`Connect worker ${host.index}`, host.ns, argv, path.join(logs, 'stdout.log'), dir);
  });
  await Promise.all(
    hosts.map((host, i) =>
      waitForWorkerReady(new ConnectClient(workerUrl(host), { timeoutMs: 3000 }), 240_000, {
        abortIf: () => workers[i]!.assertRunning(),
        onWaiting: (waitedMs) =>
          say(`  still waiting for Connect worker ${host.index} (${Math.round(waitedMs / 1000)} s)`),
      }),
    ),
  );
  return workers;
}
