/**
 * The import rules of the architecture (docs/architecture.md), checked by `npm run check:deps`
 * (part of `npm run check`). Each rule says in one line why it exists. Test files may reach
 * further (a test of a workflow inspects the tables it wrote), so the rules judge product code;
 * cycles are refused everywhere.
 */
const CONTEXTS = 'catalog|checkout|customers|inventory|logistics|members|orders|payment|rating|support';
const TEST = '\\.test\\.ts$';
/** Pure rule modules: their unit and property tests need no HTTP, database or runtime. */
const PURE_RULES = [
  '^origin/checkout/pricing\\.ts$',
  '^origin/orders/order-state\\.ts$',
  '^origin/payment/(payment-state|method-rules|retry-rules)\\.ts$',
  '^origin/logistics/(shipment-status|fulfilment-plan)\\.ts$',
  '^origin/rating/rules\\.ts$',
  '^edge/cart/(cart-rules|checkout-rules)\\.ts$',
  '^edge/gateway/token-bucket\\.ts$',
  '^edge/support/conversation-rules\\.ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'edge-only-contract',
      comment: 'The Worker is deployed alone: it may use only its own code, contract/ and packages.',
      severity: 'error',
      from: { path: '^edge/', pathNot: TEST },
      to: { pathNot: ['^edge/', '^contract/', 'node_modules', '^cloudflare:', '^node:'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'contract-is-pure',
      comment: 'contract/ runs in the Worker and in Bun: TypeScript, WebCrypto and zod only.',
      severity: 'error',
      from: { path: '^contract/', pathNot: TEST },
      to: { pathNot: ['^contract/', 'node_modules/zod/'] },
    },
    {
      name: 'db-not-origin',
      comment: 'The schema and migrations stand below the services: db/ never imports origin/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^origin/' },
    },
    {
      name: 'platform-not-context',
      comment: 'platform/ is what every context shares, so it cannot depend on any of them.',
      severity: 'error',
      from: { path: '^origin/platform/', pathNot: TEST },
      to: { path: `^origin/(${CONTEXTS}|workflows)/` },
    },
    {
      name: 'context-through-its-entry',
      comment: 'A context uses another only through its public entry (index.ts), never its internals.',
      severity: 'error',
      from: { path: `^origin/(${CONTEXTS})/`, pathNot: TEST },
      to: { path: `^origin/(${CONTEXTS})/`, pathNot: [`^origin/$1/`, `^origin/(${CONTEXTS})/index\\.ts$`] },
    },
    {
      name: 'context-not-workflows',
      comment: 'Workflows compose contexts; a context never calls a workflow (that would be a cycle).',
      severity: 'error',
      from: { path: `^origin/(${CONTEXTS})/`, pathNot: TEST },
      to: { path: '^origin/workflows/' },
    },
    {
      name: 'workflows-through-entries',
      comment: 'A workflow calls the contexts through their public entries only.',
      severity: 'error',
      from: { path: '^origin/workflows/', pathNot: TEST },
      to: { path: `^origin/(${CONTEXTS})/`, pathNot: `^origin/(${CONTEXTS})/index\\.ts$` },
    },
    {
      name: 'own-tables-only',
      comment: "A context reads and writes only its own tables (db/schema/<context>.ts), never another's.",
      severity: 'error',
      from: { path: `^origin/(${CONTEXTS})/`, pathNot: TEST },
      to: { path: '^db/schema/', pathNot: ['^db/schema/$1\\.ts$', '^db/schema/money\\.ts$'] },
    },
    {
      name: 'no-schema-barrel',
      comment: 'Importing the schema barrel would reach every table: name your own schema file.',
      severity: 'error',
      from: { path: '^(origin|edge|contract)/', pathNot: TEST },
      to: { path: '^db/schema/index\\.ts$' },
    },
    {
      name: 'pure-rules',
      comment: 'Pure rule modules stay pure: no Hono, drizzle, database, network or runtime API.',
      severity: 'error',
      from: { path: PURE_RULES },
      to: {
        path: ['node_modules/(hono|drizzle-orm|@hono|pg|@neondatabase|@upstash|@electric-sql)/', '^db/', '^node:'],
      },
    },
    {
      name: 'no-cycles',
      comment: 'Module cycles make load order matter and hide a missing layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders depend on each other, even through different files.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(origin|edge|contract|db)/', pathNot: TEST },
      to: { circular: true, pathNot: [TEST, '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and test support may reach further (a test inspects the tables a workflow wrote).
    exclude: { path: ['node_modules', '\\.d\\.ts$', '^db/migrations/', TEST, '^test/'] },
    parser: 'swc',
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
