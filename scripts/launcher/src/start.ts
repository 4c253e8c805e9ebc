import { loadDotEnv, parseOrExit } from '@order-platform/command-kit';
import { createProgress, loadInfraConfig, up } from '@order-platform/infra';
import { HOST, Platform, isPortFree, type LaunchedProcess } from '@order-platform/platform-harness';
import { loadConfig, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { START_USAGE, parseCliArgs } from './cli-args.js';
import { platformConfigSchema, platformPorts } from './platform-config.js';
import { onStopSignals, reportFailure, stopAndReport } from './shutdown.js';
import { summaryLines } from './summary.js';

/**
 * `pnpm start [-- --orders N]`: the infrastructure (reused when it runs), the gateway, N
 * order-service instances and catalog-service, in one terminal with prefixed output. Ctrl-C stops
 * every process it started (services first, then the gateway) and leaves the infrastructure up.
 */
warnIfNotPinnedNode('pnpm start');
loadDotEnv();

const { config, orders } = parseOrExit('pnpm start', START_USAGE, () => {
  const args = parseCliArgs(process.argv.slice(2), ['orders'], START_USAGE);
  if (args.help) return 'help';
  const config = loadConfig(platformConfigSchema);
  return { config, orders: args.orders ?? config.ORDER_INSTANCES };
});

let stopping: Promise<void> | undefined;
let started = false;
const platform = new Platform({
  ports: platformPorts(config),
  graceMs: config.STOP_GRACE_S * 1000,
  readyTimeoutMs: config.START_TIMEOUT_S * 1000,
  onLaunch: (child, role) => watchUnexpectedExit(child, role === 'gateway'),
});
const say = (message: string) => platform.launcher.say('start', message);

function stop(reason: string, exitCode?: number): Promise<void> {
  stopping ??= (async () => {
    say(`${reason}: stopping the processes pnpm start started (the infrastructure keeps running)`);
    const code = await stopAndReport(platform, say);
    say(
      code === 0
        ? 'all stopped, ports free. The infrastructure is still running: `pnpm infra:down` stops it.'
        : 'stopped, with problems (see above).',
    );
    process.exit(exitCode ?? code);
  })();
  return stopping;
}
onStopSignals(platform, say, (signal) => {
  // Nothing started yet (Ctrl-C during infra:up): just leave; the infrastructure stays as far as it got.
  if (platform.launcher.list().length === 0) {
    say(`${signal} during start-up: nothing of ours to stop; the infrastructure keeps what it started.`);
    process.exit(130);
  }
  void stop(signal);
});

async function main(): Promise<void> {
  for (const [port, what] of [
    [config.GATEWAY_PORT, 'gateway'],
    [config.REGISTRY_PORT, 'gateway registry'],
    [config.CATALOG_PORT, 'catalog-service'],
    [config.CONSOLE_PORT, 'console'],
  ] as const) {
    if (!(await isPortFree(port, HOST))) {
      throw new Error(
        `port ${port} (${what}) is already in use: is the platform already running? ` +
          '`pnpm start:order` adds an instance to a running one.',
      );
    }
  }

  const infra = await up(
    loadInfraConfig(),
    createProgress((line) => platform.launcher.say('infra', line)),
  );
  infra.summary.forEach((line) => platform.launcher.say('infra', line));

  await platform.start(orders, { console: true });
  if (stopping) return;
  const lines = summaryLines({
    gatewayUrl: platform.gatewayUrl,
    registryUrl: platform.registryUrl,
    orderPorts: platform.orders.map((instance) => instance.port),
    catalogPort: config.CATALOG_PORT,
    infra: infra.summary,
  });
  lines.forEach(say);
  started = true;
}

function watchUnexpectedExit(child: LaunchedProcess, essential: boolean): void {
  void child.exited.then(({ code, signal }) => {
    // During start-up the wait for this child fails instead, and stops everything.
    if (stopping || (!started && !essential)) return;
    const others = essential ? '' : '; the others keep running';
    say(`${child.name} exited unexpectedly (${signal ?? `code ${code}`})${others}`);
    if (essential) void stop(`${child.name} is gone`, 1);
  });
}

main().catch((error: unknown) => {
  if (stopping) return;
  reportFailure(error, say);
  void stop('start-up failed', 1);
});
