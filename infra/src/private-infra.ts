import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brokerProcess } from './broker.js';
import { down, up } from './infra.js';
import { infraPaths, loadInfraConfig, type InfraConfig } from './infra-config.js';
import { dropDatabases } from './databases.js';
import { pipelineEnv } from './pipeline.js';
import { runningPid } from './processes.js';
import { silentProgress } from './progress.js';

export interface PrivateInfra {
  /** The environment that points a service or tool at this infrastructure and its pipeline. */
  env: Record<string, string>;
  config: InfraConfig;
  /** The broker's pid: a test that owns this infrastructure may freeze (SIGSTOP) or stop it. */
  brokerPid(): number | undefined;
  /** Stops the broker and worker, wipes their state and drops the pipeline's databases. */
  stop(): Promise<void>;
}

/**
 * A broker, a Connect worker and a pipeline of their own, on free ports with a state directory in
 * the temp folder: for a test that freezes or stops Kafka, which it may never do to the broker
 * every other test (and maybe a user's `pnpm start`) shares. Costs ~20 s of start-up.
 */
export async function startPrivateInfra(name: string): Promise<PrivateInfra> {
  const [broker, controller, connect] = [await freePort(), await freePort(), await freePort()];
  const env = {
    KAFKA_BROKERS: `127.0.0.1:${broker}`,
    KAFKA_CONTROLLER_PORT: String(controller),
    KAFKA_NODES: '1',
    CONNECT_URL: `http://127.0.0.1:${connect}`,
    CONNECT_GROUP_ID: `${name}-connect`,
    INFRA_STATE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `order-platform-${name}-`)),
    KAFKA_HEAP_OPTS: '-Xms64m -Xmx384m',
    CONNECT_HEAP_OPTS: '-Xms64m -Xmx384m',
    ...pipelineEnv(name),
  };
  const config = loadInfraConfig({ ...process.env, ...env });
  const stop = async () => {
    await down(config, silentProgress);
    fs.rmSync(config.INFRA_STATE_DIR, { recursive: true, force: true });
    // Topics, connector and groups went with the broker's and worker's state; the databases remain.
    await dropDatabases(config);
  };
  try {
    // Zipkin and the sink exporter are not part of it: traces go to the shared Zipkin (ZIPKIN_URL).
    await up(config, silentProgress, { observability: false });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { env, config, brokerPid: () => runningPid(brokerProcess(infraPaths(config))), stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
