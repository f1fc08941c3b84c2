/**
 * Import rules of the repository, checked by `npm run deps:check` (dependency-cruiser) in CI and by
 * test/unit/import-rules.test.ts. Paths are relative to the repository root.
 *
 * - The product (`src/`) never imports the development tree (`dev/`: simulators, the dev entry, the customers
 *   subgraph), and the simulators never import the product: each speaks to the other only over HTTP.
 * - A vendor is one folder, `src/vendors/<vendor>/`: it never imports another vendor's folder. The shared vendor
 *   plumbing (the files directly in `src/vendors/` and a future `src/vendors/shared/`) is open to every vendor.
 * - The rest of `src/` (server, service, config, ...) reaches vendor folders only through the compiled-in registry
 *   `src/vendors/modules.ts`; the other plumbing files in `src/vendors/` do not reach into vendor folders either.
 * - No import cycles.
 * - Every package imported is declared in package.json.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'product-not-to-dev',
      comment: 'src/ never imports the development tree (the simulators are a dev tool, not part of the product).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^dev/' },
    },
    {
      name: 'simulators-not-to-product',
      comment: 'The simulators import nothing from src/: they stand for the vendors and know only their wire.',
      severity: 'error',
      from: { path: '^dev/simulators/' },
      to: { path: '^src/' },
    },
    {
      name: 'vendor-not-to-other-vendor',
      comment: "A vendor folder never imports another vendor's folder (shared plumbing lives in src/vendors/shared/).",
      severity: 'error',
      from: { path: '^src/vendors/([^/]+)/' },
      to: { path: '^src/vendors/[^/]+/', pathNot: ['^src/vendors/$1/', '^src/vendors/shared/'] },
    },
    {
      name: 'vendor-folders-only-through-registry',
      comment: 'Outside src/vendors/, code reaches a vendor folder only through the registry src/vendors/modules.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/vendors/' },
      to: { path: '^src/vendors/[^/]+/', pathNot: '^src/vendors/shared/' },
    },
    {
      name: 'vendor-plumbing-not-to-vendor-folders',
      comment: 'Of the shared files directly in src/vendors/, only the registry modules.ts names vendor folders.',
      severity: 'error',
      from: { path: '^src/vendors/[^/]+$', pathNot: '^src/vendors/modules\\.ts$' },
      to: { path: '^src/vendors/[^/]+/', pathNot: '^src/vendors/shared/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-undeclared-package',
      comment: 'Every package imported is declared in package.json (dependencies or devDependencies).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or a package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The fixture tree breaks every rule on purpose (test/unit/import-rules.test.ts cruises it on its own).
    exclude: { path: '^test/fixtures/' },
    // Type-only imports count too: a type from a simulator in src/ is still a dependency on dev/.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Types-only packages (@graphql-typed-document-node/core, @apollo/utils.fetcher) resolve through their typings.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};
