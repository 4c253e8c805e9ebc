import { ConfigError, loadConfig, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { parseCliArgs } from './cli-args.js';
import { Launcher } from './launcher.js';
import { platformConfigSchema, type PlatformConfig } from './platform-config.js';
import {
  HOST,
  loadDotEnv,
  nextFreeOrderSlot,
  orderSlotId,
  registryUrlOf,
  reservedPorts,
  startOrderInstance,
  waitRegistered,
  waitServiceReady,
} from './platform.js';
import { findFreePort, isPortFree } from './ports.js';
import { ProcessExitedError } from './readiness.js';
import { onStopSignals, stopInOrder } from './shutdown.js';

/**
 * `pnpm start:order [-- --port 8084] [--id order-3]`: one more order-service instance for a running
 * platform, in slot `--id` (restarting a slot: the same id on any port fences what its last
 * instance left open in Kafka), or the first slot the gateway's registry does not list. An
 * INSTANCE_ID in the environment wins over both. It registers itself with the gateway's registry
 * and gets traffic as soon as it is ready; Ctrl-C deregisters and stops it.
 */
warnIfNotPinnedNode('pnpm start:order');
loadDotEnv();

let config: PlatformConfig;
let requestedPort: number | undefined;
let requestedId: string | undefined;
try {
  const args = parseCliArgs(process.argv.slice(2), ['port', 'id']);
  if (args.help) {
    console.log(
      'usage: pnpm start:order [-- --port N] [--id order-N]   (without --port: the first free port from ORDER_BASE_PORT, default 8081; without --id: the first slot order-N the gateway does not list)',
    );
    process.exit(0);
  }
  config = loadConfig(platformConfigSchema);
  requestedPort = args.port;
  requestedId = args.id;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `pnpm start:order: ${(error as Error).message}`);
  process.exit(2);
}

const launcher = new Launcher({ graceMs: config.STOP_GRACE_S * 1000 });
const say = (message: string) => launcher.say('start', message);
const timeoutMs = config.START_TIMEOUT_S * 1000;

async function main(): Promise<void> {
  if (requestedPort !== undefined && !(await isPortFree(requestedPort, HOST))) {
    throw new Error(`port ${requestedPort} is already in use`);
  }
  const port =
    requestedPort ?? (await findFreePort(config.ORDER_BASE_PORT, { host: HOST, skip: reservedPorts(config) }));
  const instanceId = process.env.INSTANCE_ID || requestedId || (await nextFreeOrderSlot(config)) || orderSlotId(port);
  say(`order-service instance id ${instanceId} (Kafka transactional id order-service-${instanceId})`);
  const child = startOrderInstance(launcher, config, port, instanceId);
  let stopping = false;
  onStopSignals(launcher, (signal) => {
    stopping = true;
    say(`${signal}: stopping ${child.name} (it deregisters from the gateway first)`);
    void stopInOrder(launcher, [[child]], [port]).then((code) => process.exit(code));
  });
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    say(`${child.name} exited (${signal ?? `code ${code}`})`);
    process.exit(code === 0 ? 0 : 1);
  });

  await waitServiceReady(child, 'order-service', port, timeoutMs);
  const gatewayAnswers = await fetch(`${registryUrlOf(config)}/registry`, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (!gatewayAnswers) {
    say(
      `order-service is ready on http://${HOST}:${port}, but no gateway registry answers at ${registryUrlOf(config)}; it keeps trying to register (is \`pnpm start\` running?).`,
    );
    return;
  }
  await waitRegistered(config, 'order-service', port, { timeoutMs, process: child });
  say(`order-service on http://${HOST}:${port} is registered: the gateway routes to it now. Ctrl-C stops it.`);
}

main().catch((error: unknown) => {
  say(`✗ ${(error as Error).message}`);
  if (error instanceof ProcessExitedError)
    error.process
      .recentOutput()
      .slice(-15)
      .forEach((line) => process.stdout.write(`${line}\n`));
  void launcher.stopAll().then(() => process.exit(1));
});
