import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { down, reset, status, up } from './infra.js';
import { loadInfraConfig, repoRoot } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { stopOrphans } from './orphans.js';
import { createProgress } from './progress.js';

/** `pnpm infra:up | infra:down | infra:reset | infra:status`. */
const command = process.argv[2];
warnIfNotPinnedNode(`pnpm infra:${command ?? ''}`);
const envFile = path.join(repoRoot, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

async function main(): Promise<number> {
  // `pnpm infra:up -- --brokers 3` is KAFKA_NODES=3 for this one command.
  const flags = process.argv.slice(3).filter((arg) => arg !== '--');
  const brokersAt = flags.findIndex((arg) => arg === '--brokers' || arg.startsWith('--brokers='));
  if (brokersAt >= 0) {
    const flag = flags[brokersAt]!;
    process.env.KAFKA_NODES = flag.includes('=') ? flag.slice('--brokers='.length) : (flags[brokersAt + 1] ?? '');
  }
  const config = loadInfraConfig();
  const progress = createProgress();
  switch (command) {
    case 'up': {
      const result = await up(config, progress);
      console.log(`\n${result.summary.join('\n')}`);
      return 0;
    }
    case 'down':
      // --orphans: brokers and workers of this project whose checkout was deleted (no pid file left).
      console.log((flags.includes('--orphans') ? await stopOrphans() : await down(config, progress)).join('\n'));
      return 0;
    case 'reset':
      console.log((await reset(config, progress)).join('\n'));
      return 0;
    case 'status': {
      const result = await status(config);
      console.log(result.lines.join('\n'));
      return result.healthy ? 0 : 1;
    }
    default:
      console.error('usage: tsx infra/src/cli.ts up|down [--orphans]|reset|status');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InfraError || error instanceof ConfigError) {
      console.error(`\n✗ ${error.message}`);
      if (error instanceof InfraError && error.hint) console.error(`  → ${error.hint}`);
    } else {
      console.error('\n✗ infra command failed:', error);
    }
    process.exit(1);
  },
);
