import { execFileSync } from 'node:child_process';

/** Why the drill cannot run here (it makes network namespaces, links and queueing rules), or undefined. */
export function missingPrerequisite(uid: number | undefined = process.getuid?.()): string | undefined {
  if (uid !== 0) return 'it needs root: it creates network namespaces, veth links and a bridge (run it as root)';
  for (const [program, flag] of [
    ['ip', '-V'],
    ['tc', '-V'],
  ] as const) {
    try {
      execFileSync(program, [flag], { stdio: 'ignore', timeout: 5000 });
    } catch {
      return `it needs iproute2's ${program}, which is not installed (Debian: apt-get install iproute2)`;
    }
  }
  return undefined;
}
