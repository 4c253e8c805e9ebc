import { UsageError, listOption, numberOption, parseOptions } from '@order-platform/command-kit';

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
  /** Rounds of the tracing scenario: off, on and 10 % sampled, alternating, each on a fresh platform. */
  tracingRounds: number;
  outDir: string;
  /** Before each load run, wait up to this many seconds for other processes to go quiet (0: never). */
  quietWaitS: number;
  /** Instead of the scenarios: CPU profiles of gateway and order-service under the order load. */
  profile: boolean;
  /** Scenarios to run (all by default). */
  only: Set<ScenarioName>;
  help: boolean;
}

export const SCENARIOS = [
  'ceiling',
  'orders',
  'visibility',
  'reads',
  'consumer',
  'start',
  'memory',
  'tracing',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const USAGE = `pnpm bench [-- options]
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
  --tracing-rounds N   rounds of tracing off / on / 10 % sampled, each on a platform of its own (3)
  --quiet-wait S       before each load run, wait up to S seconds for other processes to use < 0.3 cores (0)
  --only a,b           scenarios: ${SCENARIOS.join(', ')}
  --out DIR            where latest.json and the dated copy go (bench/results)
  --profile            CPU profiles of gateway and order-service under the order load, summarized
  --quick              a smoke run: 1 s runs, 2 instances, 16 connections, 1,000 catalog messages,
                       one start of each kind, one tracing round`;

const STRINGS = [
  'duration',
  'warmup',
  'pipeline-warmup',
  'connections',
  'instances',
  'reads',
  'read-connections',
  'catalog-messages',
  'start-runs',
  'whole-start-runs',
  'tracing-rounds',
  'only',
  'quiet-wait',
  'out',
] as const;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseOptions(argv, { strings: STRINGS, booleans: ['profile', 'quick'] }, USAGE);
  const list = (name: (typeof STRINGS)[number], fallback: number[]) =>
    listOption(values[name], name, USAGE) ?? fallback;
  const positive = (name: (typeof STRINGS)[number], fallback: number) =>
    numberOption(values[name], name, USAGE) ?? fallback;
  const quick = values.quick ?? false;
  const only = new Set<ScenarioName>();
  for (const name of (values.only ?? SCENARIOS.join(',')).split(',').map((part) => part.trim())) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new UsageError(`unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`, USAGE);
    only.add(name as ScenarioName);
  }
  return {
    durationS: positive('duration', quick ? 1 : 20),
    warmupS: positive('warmup', quick ? 0.3 : 3),
    pipelineWarmupS: positive('pipeline-warmup', quick ? 0 : 20),
    connections: list('connections', quick ? [16] : [16, 64]),
    instances: list('instances', quick ? [2] : [1, 2, 3]),
    readSizes: list('reads', [10, 100, 1000]),
    readConnections: list('read-connections', quick ? [16] : [1, 16]),
    catalogMessages: positive('catalog-messages', quick ? 1000 : 100_000),
    startRuns: Math.max(1, Math.round(positive('start-runs', quick ? 1 : 2))),
    wholeStartRuns: Math.max(1, Math.round(positive('whole-start-runs', quick ? 1 : 2))),
    tracingRounds: Math.max(1, Math.round(positive('tracing-rounds', quick ? 1 : 3))),
    outDir: values.out ?? 'bench/results',
    quietWaitS: positive('quiet-wait', 0),
    profile: values.profile ?? false,
    only,
    help: values.help ?? false,
  };
}
