/**
 * Architecture rules, checked by `npm run lint` (`depcruise packages --config .dependency-cruiser.cjs`).
 *
 * packages/server/src is layered, lowest first; a module may import its own layer or lower ones.
 * Tests (packages/<package>/test) are outside the layer rules but not outside no-circular.
 */
const SRC = '^packages/server/src/';

/** [name, path under packages/server/src], lowest first. */
const LAYERS = [
  ['version', 'version\\.ts$'],
  ['core', 'core/'],
  ['store', 'store/'],
  ['events', 'events/'],
  ['tenants', 'tenants/'],
  ['registry', 'registry/'],
  ['areas', 'areas/'],
  ['delivery', 'delivery/'],
  ['graphql', 'graphql/'],
  ['webhooks', 'webhooks/'],
  ['integrations', 'integrations/'],
  ['app', 'app/'],
  ['cli', 'cli/'],
  // The package entry point sits on top, with app/ and cli/.
  ['entry', 'index\\.ts$'],
];

const any = (paths) => `${SRC}(${paths.join('|')})`;

/** One rule per layer: nothing from above it. core/ has its own, stricter rule below. */
const layerRules = LAYERS.flatMap(([name, path], i) => {
  const above = LAYERS.slice(i + 1)
    // delivery/ ↔ graphql/ is reported once, by delivery-graphql-apart.
    .filter(([upper]) => !(name === 'delivery' && upper === 'graphql'))
    .map(([, upperPath]) => upperPath);
  if (name === 'core' || above.length === 0) return [];
  return [
    {
      name: `layer-${name}`,
      comment: `${name} may import only itself and lower layers: ${LAYERS.slice(0, i)
        .map(([lower]) => lower)
        .join(', ')}.`,
      severity: 'error',
      from: { path: SRC + path },
      to: { path: any(above) },
    },
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import loops, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-standalone',
      comment: 'core/ imports nothing from packages/server/src outside core/, except version.ts.',
      severity: 'error',
      from: { path: `${SRC}core/` },
      to: { path: SRC, pathNot: any(['core/', 'version\\.ts$']) },
    },
    ...layerRules,
    {
      name: 'delivery-graphql-apart',
      comment: 'delivery/ and graphql/ must not import each other (webhooks/ may import both).',
      severity: 'error',
      from: { path: `${SRC}(delivery|graphql)/` },
      to: { path: any(['delivery/', 'graphql/']), pathNot: `${SRC}$1/` },
    },
    {
      name: 'layer-unknown',
      comment: 'Every module of packages/server/src belongs to a layer: add new folders to LAYERS.',
      severity: 'error',
      from: { path: SRC },
      to: { path: SRC, pathNot: any(LAYERS.map(([, path]) => path)) },
    },
    {
      name: 'area-face',
      comment: 'From another area, import only its face, areas/<area>/index.ts.',
      severity: 'error',
      from: { path: `${SRC}areas/([^/]+)/` },
      to: {
        path: `${SRC}areas/[^/]+/`,
        pathNot: [`${SRC}areas/$1/`, `${SRC}areas/[^/]+/index\\.ts$`],
      },
    },
    {
      name: 'area-assembly',
      comment: 'areas/<area>/area.ts is imported only by app/, cli/ and files directly in areas/ (all.ts).',
      severity: 'error',
      from: { path: SRC, pathNot: any(['app/', 'cli/', 'areas/']) },
      to: { path: `${SRC}areas/[^/]+/area\\.ts$` },
    },
    {
      name: 'packages-without-server',
      comment: 'packages/catalog and packages/receiver do not depend on packages/server.',
      severity: 'error',
      from: { path: '^packages/(catalog|receiver)/', pathNot: '^packages/[^/]+/test/' },
      to: { path: '^(packages/server/|node_modules/carehooks/|carehooks(/|$))' },
    },
    {
      name: 'dashboard-without-server',
      comment:
        'packages/dashboard (its page and its tests) talks to the server over HTTP only: it imports no server code.',
      severity: 'error',
      from: { path: '^packages/dashboard/' },
      to: { path: '^(packages/server/|node_modules/carehooks/|carehooks(/|$))' },
    },
  ],
  options: {
    // dist/ and node_modules/ show up as leaves (so imports of the server package are seen) but are not cruised.
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)dist/'] },
    exclude: { path: ['(^|/)\\.carehooks/'] },
    // Type-only imports count: the goal is no loop of files at all.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['types', 'module', 'main'],
    },
    skipAnalysisNotInRules: true,
  },
};
