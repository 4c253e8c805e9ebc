import fs from 'node:fs';

/**
 * The project brings its own Node: the root package.json pins `node` as an exact devDependency (the npm
 * registry's binary), and pnpm runs every script with node_modules/.bin first on PATH, so tsx, vitest
 * and every child spawned with `process.execPath` run on it. A process started another way (the
 * system's `node`, an editor's runner) still works, but on a runtime the tests and benchmarks never
 * measured: it says so in one line instead of failing.
 */
const ROOT_PACKAGE_JSON = new URL('../../../../package.json', import.meta.url);

/** The exact version the root package.json pins (`devDependencies.node`), or undefined when it pins none. */
export function pinnedNodeVersion(packageJson: URL = ROOT_PACKAGE_JSON): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { devDependencies?: Record<string, string> };
    const pinned = manifest.devDependencies?.node;
    return pinned !== undefined && /^\d+\.\d+\.\d+$/.test(pinned) ? pinned : undefined;
  } catch {
    // A copy without the workspace around it (a deployed service) has nothing to compare with.
    return undefined;
  }
}

const major = (version: string) => version.replace(/^v/, '').split('.')[0];

/** The warning line when `running` (a `process.version`) is another major than `pinned`; undefined otherwise. */
export function nodeVersionWarning(name: string, running: string, pinned: string | undefined): string | undefined {
  if (pinned === undefined || major(running) === major(pinned)) return undefined;
  return (
    `${name}: running on Node ${running}, but this project pins Node v${pinned} (package.json devDependencies.node);` +
    ' start it through pnpm (pnpm start, pnpm test, pnpm exec tsx ...) to run on node_modules/.bin/node'
  );
}

/** Writes the warning to stderr, once, at the start of a process; never stops it. */
export function warnIfNotPinnedNode(
  name: string,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): void {
  const warning = nodeVersionWarning(name, process.version, pinnedNodeVersion());
  if (warning !== undefined) write(warning);
}

/** What `GET …/info` answers: which process this is and the Node it runs on (checked by the tests). */
export function runtimeInfo(service: string): { service: string; node: string; pid: number } {
  return { service, node: process.version, pid: process.pid };
}
