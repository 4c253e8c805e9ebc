/**
 * The layer and cycle rules (`pnpm lint`, run by layers.mjs on modules, folders and packages). Each
 * deployable is `src/entry-points` (HTTP routes, Kafka consumers), `src/domain` (the use cases) and
 * `src/data-access` (knex, Kafka producers), wired by its composition root; docs/design.md §10 says why.
 */
const DEPLOYABLE = 'gateway|services/console|services/[a-z-]+-service';
const FRAMEWORKS = 'express|kafkajs|knex|mysql2|pino|http-proxy-middleware|@opentelemetry';

/** [name, why, from, to]: every rule is an error. */
const RULES = [
  [
    'domain-free-of-frameworks',
    'domain/ tells the use case; Express, kafkajs, knex, mysql2, OpenTelemetry belong to entry-points/, data-access/',
    { path: '/src/domain/' },
    { path: `node_modules/([.]pnpm/)?(${FRAMEWORKS})[@/]` },
  ],
  [
    'domain-free-of-adapters',
    'domain/ does not know the adapters that call it or that it calls through its ports',
    { path: '^(.+)/src/domain/' },
    { path: '^$1/src/(entry-points|data-access)/' },
  ],
  [
    'data-access-not-entry-points',
    'data-access/ is called by the domain or the composition root, never the other way round',
    { path: '^(.+)/src/data-access/' },
    { path: '^$1/src/entry-points/' },
  ],
  [
    'deployables-stand-alone',
    'a deployable uses the libraries under services/lib, never another deployable, infra or scripts',
    { path: `^(${DEPLOYABLE})/src/` },
    { path: `^(${DEPLOYABLE}|infra|scripts)/`, pathNot: '^$1/' },
  ],
  [
    'libraries-are-leaves',
    'services/lib packages are used by the rest and use nothing of it',
    { path: '^services/lib/' },
    { path: `^(${DEPLOYABLE}|infra|scripts)/` },
  ],
  [
    'infra-below-apps',
    'infra runs Kafka, Connect and the databases; the platform and its tools build on it, not the reverse',
    { path: '^infra/src/' },
    { path: `^(${DEPLOYABLE}|scripts)/` },
  ],
  [
    'no-cycles',
    'modules (and so folders and packages) import each other in one direction',
    {},
    { circular: true, dependencyTypesNot: ['type-only'] },
  ],
  [
    'declared-dependencies',
    'a package imports only what its own package.json declares (vitest, the one test runner, comes from the root)',
    { pathNot: '(^|/)node_modules/' },
    { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/([.]pnpm/)?vitest[@/]' },
  ],
  ['resolvable', 'every import resolves to a file', {}, { couldNotResolve: true }],
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: RULES.map(([name, comment, from, to]) => ({ name, comment, severity: 'error', from, to })),
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not excluded (that would hide every npm import from the rules), only not followed.
    exclude: { path: '(^|/)([.]cache|[.]state)/|[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
