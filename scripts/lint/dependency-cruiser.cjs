/**
 * The layer and cycle rules (`pnpm lint`). Each deployable is `src/entry-points` (HTTP routes, Kafka
 * consumers), `src/domain` (the use cases) and `src/data-access` (knex, Kafka producers), wired by
 * its composition root; docs/design.md, "Code layout", says why.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-free-of-frameworks',
      comment: 'domain/ tells the use case; Express, kafkajs, knex and mysql2 belong to entry-points/ and data-access/',
      severity: 'error',
      from: { path: '/src/domain/' },
      to: { path: 'node_modules/([.]pnpm/)?(express|kafkajs|knex|mysql2|pino|http-proxy-middleware)[@/]' },
    },
    {
      name: 'domain-free-of-adapters',
      comment: 'domain/ does not know the adapters that call it or that it calls through its ports',
      severity: 'error',
      from: { path: '^(.+)/src/domain/' },
      to: { path: '^$1/src/(entry-points|data-access)/' },
    },
    {
      name: 'data-access-not-entry-points',
      comment: 'data-access/ is called by the domain or the composition root, never the other way round',
      severity: 'error',
      from: { path: '^(.+)/src/data-access/' },
      to: { path: '^$1/src/entry-points/' },
    },
    {
      name: 'deployables-stand-alone',
      comment: 'a deployable uses the libraries under services/lib, never another deployable, infra or scripts',
      severity: 'error',
      from: { path: '^(gateway|services/[a-z-]+-service)/src/' },
      to: { path: '^(gateway|infra|scripts|services/[a-z-]+-service)/', pathNot: '^$1/' },
    },
    {
      name: 'libraries-are-leaves',
      comment: 'services/lib packages are used by the rest and use nothing of it',
      severity: 'error',
      from: { path: '^services/lib/' },
      to: { path: '^(gateway|infra|scripts|services/[a-z-]+-service)/' },
    },
    {
      name: 'infra-below-apps',
      comment: 'infra runs Kafka, Connect and the databases; the platform and its tools build on it, not the reverse',
      severity: 'error',
      from: { path: '^infra/src/' },
      to: { path: '^(gateway|scripts|services/[a-z-]+-service)/' },
    },
    {
      name: 'no-cycles',
      comment: 'modules (and so folders and packages) import each other in one direction',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'declared-dependencies',
      comment: 'a package imports only what its own package.json declares',
      severity: 'error',
      from: { pathNot: '(^|/)node_modules/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|[.]cache|[.]state)/|[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
