// Layer rules for the ports-and-adapters layout (docs/architecture.md), in the spirit of
// Sairyss/domain-driven-hexagon: the domain decides and imports nothing that talks to the world;
// the schema reaches data only through use cases and ports. Run with `npm run lint:layers`.

/** Packages that belong to adapters, the schema or the composition root, never to the domain. */
const INFRASTRUCTURE_PACKAGES = [
  '@mikro-orm/[^/]+',
  '@electric-sql/pglite',
  'pg',
  'graphql',
  'graphql-yoga',
  'graphql-ws',
  '@pothos/[^/]+',
  '@escape\\.tech/[^/]+',
  'pino',
  'prom-client',
  'ws',
  'meilisearch',
  '@vonage/[^/]+',
  'ioredis',
  'pg-boss',
  'langchain',
  '@langchain/[^/]+',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-not-to-outer-layers',
      comment:
        'The domain is plain TypeScript: it declares ports and never reaches for adapters, the GraphQL schema, ' +
        'configuration or the composition root.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^src/adapters/', '^src/schema/', '^src/cli/', '^src/config/', '^src/app\\.ts$', '^src/main\\.ts$'] },
    },
    {
      name: 'domain-not-to-infrastructure-packages',
      comment:
        'ORM, GraphQL, logging, transport, search, SMS, queue and LLM libraries live in adapters; the domain ' +
        'sees them only through its ports. Type-only imports count too.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: `(^|/)node_modules/(${INFRASTRUCTURE_PACKAGES.join('|')})(/|$)` },
    },
    {
      name: 'schema-not-to-persistence',
      comment:
        'Resolvers call use cases (and read ports from the context); going straight to MikroORM entities or ' +
        'repositories skips the rules the domain enforces.',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: '^src/adapters/persistence/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make module load order matter and usually mean a type sits in the wrong layer.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved fails at run time, since nothing bundles the sources.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'The image installs production dependencies only (npm ci --omit=dev), so src/ must not import ' +
        'devDependencies at run time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ['node_modules/@types/'] },
    },
    {
      name: 'no-non-package-json',
      comment: 'A package that is not in package.json works only by accident of hoisting.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are erased at run time but still couple the layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default', 'require'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['module', 'types', 'main'],
    },
    reporterOptions: {
      dot: { collapsePattern: 'node_modules/(@[^/]+/[^/]+|[^/]+)' },
    },
  },
};
