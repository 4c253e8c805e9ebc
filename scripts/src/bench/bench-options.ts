import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds of each measured load run. */
  durationS: number;
  /** Seconds of unmeasured load before each run. */
  warmupS: number;
  /** Seconds of unmeasured order load after the platform starts, before any measured run. */
  pipelineWarmupS: number;
  connections: number[];
  instances: number[];
  /** Users with this many orders are read in scenario 4. */
  readSizes: number[];
  readConnections: number[];
  catalogMessages: number;
  /** `pnpm start` runs with Kafka and Connect up in scenario 6 (the first warms the caches). */
  startRuns: number;
  /** `pnpm start` runs with a private, stopped Kafka and Connect in scenario 6; the last one is reported. */
  wholeStartRuns: number;
  outDir: string;
  /** Before each load run, wait up to this many seconds for other processes to go quiet (0: never). */
  quietWaitS: number;
  /** Instead of the scenarios: CPU profiles of gateway and order-service under the order load. */
  profile: boolean;
  /** Scenarios to run (all by default). */
  only: Set<ScenarioName>;
  help: boolean;
}

export const SCENARIOS = ['ceiling', 'orders', 'visibility', 'reads', 'consumer', 'start', 'memory'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const USAGE = `usage: pnpm bench [-- options]
  --duration S         seconds of each measured load run (20)
  --warmup S           seconds of unmeasured load before each run (3)
  --pipeline-warmup S  seconds of unmeasured order load before the first measured run, to warm the JVMs (20)
  --connections 16,64  connections of the ceiling and order runs
  --instances 1,2,3    order-service instance counts of the order runs (2 is the reference)
  --reads 10,100,1000  orders of the users read in scenario 4
  --read-connections 1,16 connections of the read runs (the highest also runs straight to an instance)
  --catalog-messages N orders pre-produced for the catalog consumer (100000)
  --start-runs N       pnpm start runs with Kafka and Connect up (2)
  --whole-start-runs N pnpm start runs with a private Kafka and Connect stopped; the last is reported (2)
  --quiet-wait S       before each load run, wait up to S seconds for other processes to use < 0.3 cores (0)
  --only a,b           scenarios: ${SCENARIOS.join(', ')}
  --out DIR            where latest.json and the dated copy go (bench/results)
  --profile            CPU profiles of gateway and order-service under the order load, summarized
  --quick              a smoke run: 1 s runs, 2 instances, 16 connections, 1,000 catalog messages, one start of each kind`;

function list(raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value <= 0))
    throw new Error(`not a list of positive numbers: ${raw}`);
  return values;
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, not ${raw}`);
  return value;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'pipeline-warmup': { type: 'string' },
      connections: { type: 'string' },
      instances: { type: 'string' },
      reads: { type: 'string' },
      'read-connections': { type: 'string' },
      'catalog-messages': { type: 'string' },
      'start-runs': { type: 'string' },
      'whole-start-runs': { type: 'string' },
      only: { type: 'string' },
      'quiet-wait': { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'boolean' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick ?? false;
  const only = new Set<ScenarioName>();
  for (const name of (values.only ?? SCENARIOS.join(',')).split(',').map((part) => part.trim())) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new Error(`unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`);
    only.add(name as ScenarioName);
  }
  return {
    durationS: positive(values.duration, quick ? 1 : 20, 'duration'),
    warmupS: positive(values.warmup, quick ? 0.3 : 3, 'warmup'),
    pipelineWarmupS: positive(values['pipeline-warmup'], quick ? 0 : 20, 'pipeline-warmup'),
    connections: list(values.connections, quick ? [16] : [16, 64]),
    instances: list(values.instances, quick ? [2] : [1, 2, 3]),
    readSizes: list(values.reads, [10, 100, 1000]),
    readConnections: list(values['read-connections'], quick ? [16] : [1, 16]),
    catalogMessages: positive(values['catalog-messages'], quick ? 1000 : 100_000, 'catalog-messages'),
    startRuns: Math.max(1, Math.round(positive(values['start-runs'], quick ? 1 : 2, 'start-runs'))),
    wholeStartRuns: Math.max(1, Math.round(positive(values['whole-start-runs'], quick ? 1 : 2, 'whole-start-runs'))),
    outDir: values.out ?? 'bench/results',
    quietWaitS: positive(values['quiet-wait'], 0, 'quiet-wait'),
    profile: values.profile ?? false,
    only,
    help: values.help ?? false,
  };
}
