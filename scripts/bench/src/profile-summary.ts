/** A V8 CPU profile (`node --cpu-prof`), the fields the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CostLine {
  name: string;
  /** Percent of the busy (non-idle) samples. */
  percent: number;
}

export interface ProfileSummary {
  /** Samples taken in the window, and the share of them the process was busy (not idle). */
  samples: number;
  busyPercent: number;
  /** Self time by function. */
  topFunctions: CostLine[];
  /** Self time by where the code comes from: a package, node internals, our source, GC. */
  byOrigin: CostLine[];
  /** Inclusive time of the frames of our own source and of chosen packages' entry points. */
  inclusive: CostLine[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a frame's code comes from: `pino`, `node:http`, `ours: gateway/src/...`, `(garbage collector)`. */
export function originOf(url: string, functionName: string): string {
  if (!url) return SPECIAL.has(functionName) ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:'))
    return `node:${url
      .slice(5)
      .split('/')[0]!
      .replace(/^internal$/, `internal/${url.split('/')[1] ?? ''}`)}`;
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[1]!;
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain) return plain[1]!;
  const ours = /\/(gateway|services\/[^/]+|scripts)\/src\/(.*)$/.exec(url);
  if (ours) return `ours: ${ours[1]}/src/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/(gateway|services|scripts)\//, '$1/');
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

function top(counts: Map<string, number>, total: number, limit: number): CostLine[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, percent: Math.round((count / total) * 1000) / 10 }));
}

/**
 * Self and inclusive time of the samples taken between `fromUs` and `toUs` (the same monotonic
 * clock as process.hrtime, in microseconds), so start-up and shutdown do not blur the load.
 */
export function summarizeProfile(
  profile: CpuProfile,
  window: { fromUs: number; toUs: number },
  limit = 12,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const origins = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let samples = 0;
  let busy = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    if (time < window.fromUs || time > window.toUs) continue;
    samples += 1;
    const node = byId.get(profile.samples[i]!);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busy += 1;
    const frame = node.callFrame;
    self.set(frameName(frame), (self.get(frameName(frame)) ?? 0) + 1);
    const origin = originOf(frame.url, frame.functionName);
    origins.set(origin, (origins.get(origin) ?? 0) + 1);
    // Inclusive: every distinct frame of our source, and every package, on the stack, once.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const current = byId.get(id)!.callFrame;
      const from = originOf(current.url, current.functionName);
      const key = from.startsWith('ours: ')
        ? frameName(current)
        : SPECIAL.has(from) || from.startsWith('(native')
          ? undefined
          : `${from} (all its frames)`;
      if (key && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
      }
    }
  }
  return {
    samples,
    busyPercent: samples ? Math.round((busy / samples) * 1000) / 10 : 0,
    topFunctions: top(self, busy, limit),
    byOrigin: top(origins, busy, limit),
    inclusive: top(inclusive, busy, limit * 2),
  };
}
