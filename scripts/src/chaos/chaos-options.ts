import { parseArgs } from 'node:util';

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

/** `pnpm chaos [-- --duration 150 --clients 8 --brokers 3 --workers 2 --stress 2 --keep]`. */
export function parseChaosArgs(argv: string[]): ChaosOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      duration: { type: 'string' },
      clients: { type: 'string' },
      keep: { type: 'boolean' },
      brokers: { type: 'string' },
      workers: { type: 'string' },
      stress: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const int = (raw: string | undefined, fallback: number, min: number, max: number, name: string) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    return value;
  };
  return {
    durationS: int(values.duration, 150, 30, 3600, 'duration'),
    clients: int(values.clients, 8, 1, 64, 'clients'),
    keep: values.keep ?? false,
    brokers: int(values.brokers, 1, 1, 3, 'brokers') === 1 ? 1 : 3,
    workers: int(values.workers, 1, 1, 2, 'workers') === 1 ? 1 : 2,
    stress: int(values.stress, 0, 0, 16, 'stress'),
    help: values.help ?? false,
  };
}
