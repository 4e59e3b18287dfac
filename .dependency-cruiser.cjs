/**
 * The layers, checked on every `npm run lint` (see README "Layout"):
 *   core <- node <- net / store / mining / identity <- app <- ui, with src/main.ts on top
 * choosing the adapters; src/lib (plain helpers) serves every layer but core; workers/ run
 * mining and core code only; signaling/ stands alone.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one; split out what both need.',
      severity: 'error',
      from: { path: '^(src|workers|signaling)/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core imports only itself and @noble/*: no I/O, no project layer above it.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '(^|/)node_modules/@noble/'] },
    },
    {
      name: 'node-below-adapters',
      comment: 'src/node declares the ports; the adapters, app and ui sit above it.',
      severity: 'error',
      from: { path: '^src/node/' },
      to: { path: '^src/(net|store|mining|identity|app|ui)/' },
    },
    {
      name: 'adapters-below-app',
      comment: 'net, store, mining and identity serve the app; they do not reach up into it.',
      severity: 'error',
      from: { path: '^src/(net|store|mining|identity)/' },
      to: { path: '^src/(app|ui)/' },
    },
    {
      name: 'nothing-imports-ui',
      comment: 'ui reads app state and calls app commands; only src/main.ts mounts it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/ui/', '^src/main\\.ts$'] },
      to: { path: '^src/ui/' },
    },
    {
      name: 'lib-stands-alone',
      comment: 'src/lib holds small plain helpers (emitter, timers) any layer above core may use.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'workers-run-mining-and-core',
      comment: 'A worker entry point runs the mining kernel over core code, nothing else.',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^src/', pathNot: '^src/(mining|core)/' },
    },
    {
      name: 'signaling-stands-alone',
      comment: 'The signaling server holds no chain: it imports nothing from src/.',
      severity: 'error',
      from: { path: '^signaling/' },
      to: { path: '^(src|workers)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the resolver cannot find would hide an edge from the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/mining/generated/' },
    // Type-only imports count: a type import against the layers is still a dependency.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.svelte', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
