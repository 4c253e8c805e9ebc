import { loadDotEnv, parseOrExit } from '@order-platform/command-kit';
import { HOST, Platform, isPortFree, orderSlotId, urlOf } from '@order-platform/platform-harness';
import { loadConfig, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { START_ORDER_USAGE, parseCliArgs } from './cli-args.js';
import { platformConfigSchema, platformPorts } from './platform-config.js';
import { onStopSignals, reportFailure, stopAndReport } from './shutdown.js';

/**
 * `pnpm start:order [-- --port 8084] [--id order-3]`: one more order-service instance for a running
 * platform, in slot `--id` (restarting a slot: the same id on any port fences what its last
 * instance left open in Kafka), or the first slot the gateway's registry does not list. An
 * ORDER_INSTANCE_ID in the environment wins over both. It registers itself with the gateway's
 * registry and gets traffic as soon as it is ready; Ctrl-C deregisters and stops it.
 */
warnIfNotPinnedNode('pnpm start:order');
loadDotEnv();

const { config, args } = parseOrExit('pnpm start:order', START_ORDER_USAGE, () => {
  const args = parseCliArgs(process.argv.slice(2), ['port', 'id'], START_ORDER_USAGE);
  return args.help ? 'help' : { config: loadConfig(platformConfigSchema), args };
});

let stopping = false;
const platform = new Platform({
  ports: platformPorts(config),
  graceMs: config.STOP_GRACE_S * 1000,
  readyTimeoutMs: config.START_TIMEOUT_S * 1000,
  onLaunch: (child) =>
    void child.exited.then(({ code, signal }) => {
      if (stopping) return;
      say(`${child.name} exited (${signal ?? `code ${code}`})`);
      process.exit(code === 0 ? 0 : 1);
    }),
});
const say = (message: string) => platform.launcher.say('start', message);

async function main(): Promise<void> {
  await platform.resolvePorts();
  if (args.port !== undefined && !(await isPortFree(args.port, HOST))) {
    throw new Error(`port ${args.port} is already in use`);
  }
  const port = args.port ?? (await platform.nextOrderPort());
  const { registry } = platform;
  const instanceId =
    process.env.ORDER_INSTANCE_ID || args.id || (await registry.nextFreeOrderSlot()) || orderSlotId(port);
  say(`order-service instance id ${instanceId} (Kafka transactional id order-service-${instanceId})`);
  onStopSignals(platform, say, (signal) => {
    stopping = true;
    say(`${signal}: stopping order-${port} (it deregisters from the gateway first)`);
    void stopAndReport(platform, say).then((code) => process.exit(code));
  });

  const instance = await platform.startOrder({ port, instanceId, wait: 'ready' });
  if (!(await registry.listing())) {
    say(
      `order-service is ready on ${urlOf(port)}, but no gateway registry answers at ${registry.url}; ` +
        'it keeps trying to register (is `pnpm start` running?).',
    );
    return;
  }
  await registry.waitUp('order-service', urlOf(port), {
    timeoutMs: config.START_TIMEOUT_S * 1000,
    process: instance.process,
  });
  say(`order-service on ${urlOf(port)} is registered: the gateway routes to it now. Ctrl-C stops it.`);
}

main().catch((error: unknown) => {
  reportFailure(error, say);
  void platform.launcher.stopAll().then(() => process.exit(1));
});
