import { integerOption, parseOptions } from '@order-platform/command-kit';

export interface ChaosOptions {
  /** Seconds of load; the faults are spread over it. */
  durationS: number;
  /** Concurrent POST clients. */
  clients: number;
  /** Leave the private infrastructure running at the end. */
  keep: boolean;
  /** KRaft nodes of the private cluster: 1, or 3 (then a node is killed under load instead of the broker restart). */
  brokers: 1 | 3;
  /** Connect workers in the group: 1, or 2 (then the one running the sink task is killed and the task must move). */
  workers: 1 | 2;
  /** Busy loops running beside the platform for the whole drill (0: none). */
  stress: number;
}

export const CHAOS_USAGE =
  'pnpm chaos [-- --duration 150 --clients 8 --brokers 3 --workers 2 --stress 2 --keep]   ' +
  '(private infra on 29092/29093/28083 (+29094..29097 with 3 brokers), databases chaos_mydb and chaos_catalogdb)';

/** `pnpm chaos [-- --duration 150 --clients 8 --brokers 3 --workers 2 --stress 2 --keep]`. */
export function parseChaosArgs(argv: string[]): ChaosOptions & { help: boolean } {
  const strings = ['duration', 'clients', 'brokers', 'workers', 'stress'] as const;
  const { values } = parseOptions(argv, { strings, booleans: ['keep'] }, CHAOS_USAGE);
  const int = (name: (typeof strings)[number], fallback: number, min: number, max: number) =>
    integerOption(values[name], name, { min, max }, CHAOS_USAGE) ?? fallback;
  return {
    durationS: int('duration', 150, 30, 3600),
    clients: int('clients', 8, 1, 64),
    keep: values.keep ?? false,
    brokers: int('brokers', 1, 1, 3) === 1 ? 1 : 3,
    workers: int('workers', 1, 1, 2) === 1 ? 1 : 2,
    stress: int('stress', 0, 0, 16),
    help: values.help ?? false,
  };
}
