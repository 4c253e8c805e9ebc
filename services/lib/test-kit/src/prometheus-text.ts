import { spawn } from 'node:child_process';

/**
 * What promtool says about prom-client's own default metrics, which the project does not name:
 * Node's handle, request and resource counts are gauges whose names end in `_total`.
 */
const DEFAULT_METRIC_LINT = /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have/;

/**
 * Checks a `/metrics` answer with Prometheus' own parser and linter (`promtool check metrics`, from
 * Debian's `prometheus` package). Throws when the text does not parse; resolves the lint problems,
 * minus those of prom-client's default metrics, and a `<name> missing` line for each of `families`
 * the text does not declare (`# TYPE <name>`): `[]` when all is well.
 */
export async function checkPrometheusText(text: string, families: readonly string[] = []): Promise<string[]> {
  const missing = families.filter((name) => !text.includes(`\n# TYPE ${name} `)).map((name) => `${name} missing`);
  return [...(await promtool(text)), ...missing];
}

function promtool(text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('promtool not found: apt-get install prometheus') : error),
    );
    child.on('close', (code) => {
      const problems = output.split('\n').filter((line) => line.trim() !== '' && !DEFAULT_METRIC_LINT.test(line));
      // 0: clean; 3: parsed, with lint problems; anything else: the text does not parse.
      if (code === 0 || code === 3) resolve(problems);
      else reject(new Error(`promtool check metrics failed (exit ${code}): ${output.trim()}`));
    });
    child.stdin.end(text);
  });
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a Prometheus text exposition (comments skipped), to read values in tests. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
export function sumOf(text: string, name: string, labels: Record<string, string> = {}): number {
  return parseSamples(text)
    .filter((sample) => sample.name === name)
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** GET `${origin}/metrics`: the text, after checking the answer is the Prometheus text format. */
export async function fetchMetrics(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`);
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/plain; version=0.0.4'))
    throw new Error(`GET ${origin}/metrics answered ${response.status} ${type}`);
  return response.text();
}
