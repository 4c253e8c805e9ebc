// The layer and cycle rules of dependency-cruiser.cjs, checked on three graphs: modules, then folders
// (src/domain, src/entry-points, ... collapsed into one node each), then packages. A cycle between
// two folders or two packages can exist without any cycle between their files; the collapsed graphs
// catch it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE = '(gateway|infra|services/lib/[^/]+|services/[^/]+|scripts/[^/]+)';
const graphs = [
  ['modules', []],
  ['folders', ['--collapse', `^${PACKAGE}/(src|test)/[^/]+/`]],
  ['packages', ['--collapse', `^${PACKAGE}/`]],
];
const depcruise = path.join(root, 'scripts/lint/node_modules/.bin/depcruise');
let failed = false;
for (const [name, extra] of graphs) {
  process.stdout.write(`layers: ${name}\n`);
  const result = spawnSync(
    depcruise,
    [
      '--config',
      'scripts/lint/dependency-cruiser.cjs',
      '--ts-config',
      'tsconfig.json',
      ...extra,
      'gateway',
      'infra',
      'scripts',
      'services',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
