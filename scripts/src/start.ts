import fs from 'node:fs';
import { ConfigError, loadConfig, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { createProgress, loadInfraConfig, up } from '@order-platform/infra';
import { parseCliArgs } from './cli-args.js';
import { Launcher, type LaunchedProcess } from './launcher.js';
import { platformConfigSchema, type PlatformConfig } from './platform-config.js';
import {
  HOST,
  entries,
  gatewayUrlOf,
  loadDotEnv,
  orderSlotId,
  registryUrlOf,
  reservedPorts,
  startCatalog,
  startGateway,
  startOrderInstance,
  waitGatewayReady,
  waitRegistered,
  waitServiceReady,
} from './platform.js';
import { findFreePort, isPortFree } from './ports.js';
import { ProcessExitedError } from './readiness.js';
import { onStopSignals, stopInOrder } from './shutdown.js';
import { summaryLines } from './summary.js';

/**
 * `pnpm start [-- --orders N]`: the infrastructure (reused when it runs), the gateway, N
 * order-service instances and catalog-service, in one terminal with prefixed output. Ctrl-C stops
 * every process it started (services first, then the gateway) and leaves the infrastructure up.
 */
warnIfNotPinnedNode('pnpm start');
loadDotEnv();

let config: PlatformConfig;
let orders: number;
try {
  const args = parseCliArgs(process.argv.slice(2), ['orders']);
  if (args.help) {
    console.log(
      'usage: pnpm start [-- --orders N]   (or ORDER_INSTANCES=N pnpm start); see scripts/src/platform-config.ts for the keys',
    );
    process.exit(0);
  }
  config = loadConfig(platformConfigSchema);
  orders = args.orders ?? config.ORDER_INSTANCES;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `pnpm start: ${(error as Error).message}`);
  process.exit(2);
}
const launcher = new Launcher({ graceMs: config.STOP_GRACE_S * 1000 });
const say = (message: string) => launcher.say('start', message);
const timeoutMs = config.START_TIMEOUT_S * 1000;

let gateway: LaunchedProcess | undefined;
const services: LaunchedProcess[] = [];
const ports: number[] = [];
let stopping: Promise<void> | undefined;
let started = false;

function stop(reason: string, exitCode?: number): Promise<void> {
  stopping ??= (async () => {
    say(`${reason}: stopping the processes pnpm start started (the infrastructure keeps running)`);
    const code = await stopInOrder(launcher, [services, gateway ? [gateway] : []], ports);
    say(
      code === 0
        ? 'all stopped, ports free. The infrastructure is still running: `pnpm infra:down` stops it.'
        : 'stopped, with problems (see above).',
    );
    process.exit(exitCode ?? code);
  })();
  return stopping;
}
onStopSignals(launcher, (signal) => {
  // Nothing started yet (Ctrl-C during infra:up): just leave; the infrastructure stays as far as it got.
  if (launcher.list().length === 0) {
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
  ] as const) {
    if (!(await isPortFree(port, HOST))) {
      throw new Error(
        `port ${port} (${what}) is already in use: is the platform already running? \`pnpm start:order\` adds an instance to a running one.`,
      );
    }
  }

  const infra = await up(
    loadInfraConfig(),
    createProgress((line) => launcher.say('infra', line)),
  );
  infra.summary.forEach((line) => launcher.say('infra', line));

  gateway = startGateway(launcher, config);
  ports.push(config.GATEWAY_PORT, config.REGISTRY_PORT);
  watchUnexpectedExit(gateway, true);
  await waitGatewayReady(gateway, config, timeoutMs);

  const orderPorts: number[] = [];
  for (let i = 0; i < orders; i++) {
    // Kafka Connect owns 8083: ports in use are skipped, as are the gateway's and catalog-service's.
    orderPorts.push(
      await findFreePort((orderPorts.at(-1) ?? config.ORDER_BASE_PORT - 1) + 1, {
        host: HOST,
        skip: reservedPorts(config),
      }),
    );
  }
  const starting: Array<Promise<void>> = [];
  for (const [index, port] of orderPorts.entries()) {
    const child = startOrderInstance(launcher, config, port, orderSlotId(index + 1));
    services.push(child);
    ports.push(port);
    watchUnexpectedExit(child, false);
    starting.push(
      waitServiceReady(child, 'order-service', port, timeoutMs).then(() =>
        waitRegistered(config, 'order-service', port, { timeoutMs, process: child }),
      ),
    );
  }
  const withCatalog = fs.existsSync(entries.catalog);
  if (withCatalog) {
    const catalog = startCatalog(launcher, config);
    services.push(catalog);
    ports.push(config.CATALOG_PORT);
    watchUnexpectedExit(catalog, false);
    starting.push(
      waitServiceReady(catalog, 'catalog-service', config.CATALOG_PORT, timeoutMs).then(() =>
        waitRegistered(config, 'catalog-service', config.CATALOG_PORT, { timeoutMs, process: catalog }),
      ),
    );
  }
  await Promise.all(starting);
  if (stopping) return;

  const lines = summaryLines({
    gatewayUrl: gatewayUrlOf(config),
    registryUrl: registryUrlOf(config),
    orderPorts,
    catalogPort: withCatalog ? config.CATALOG_PORT : undefined,
    infra: infra.summary,
  });
  lines.forEach(say);
  started = true;
}

function watchUnexpectedExit(child: LaunchedProcess, essential: boolean): void {
  void child.exited.then(({ code, signal }) => {
    // During start-up the wait for this child fails instead, and stops everything.
    if (stopping || (!started && !essential)) return;
    say(
      `${child.name} exited unexpectedly (${signal ?? `code ${code}`})${essential ? '' : '; the others keep running'}`,
    );
    if (essential) void stop(`${child.name} is gone`, 1);
  });
}

main().catch((error: unknown) => {
  if (stopping) return;
  say(`✗ ${(error as Error).message}`);
  const hint = (error as { hint?: string }).hint;
  if (hint) say(`  → ${hint}`);
  if (error instanceof ProcessExitedError) {
    say(`last output of ${error.process.name}:`);
    error.process
      .recentOutput()
      .slice(-15)
      .forEach((line) => process.stdout.write(`${line}\n`));
  }
  void stop('start-up failed', 1);
});
