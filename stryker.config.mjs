/**
 * Mutation testing of the pure rule modules (`npm run test:mutation`): StrykerJS changes their
 * code one mutant at a time and checks that their own unit and property tests notice. Not part
 * of `npm test` (it takes minutes); run it when the rules or their tests change.
 *
 * No TypeScript checker: it needs the TypeScript 5 JS API, which TypeScript 7 no longer has.
 * Mutants that do not type-check still run (and are killed or survive like any other).
 */

/**
 * The rule modules: pure functions over plain data, each with its tests beside it. Their tests
 * are listed in vitest.mutation.config.ts: keep the two lists in step.
 */
const RULE_MODULES = [
  'origin/checkout/pricing.ts',
  'edge/cart/cart-rules.ts',
  'edge/cart/checkout-rules.ts',
  'origin/orders/order-state.ts',
  'origin/payment/payment-state.ts',
  'origin/payment/method-rules.ts',
  'origin/logistics/shipment-status.ts',
  'origin/logistics/fulfilment-plan.ts',
  'edge/gateway/token-bucket.ts',
  'origin/rating/rules.ts',
  'edge/support/conversation-rules.ts',
];

/**
 * Survivors no test can kill because they change no behaviour: the reporter names them apart
 * from the survivors a test should kill (they still count as survivors in the scores).
 */
const EQUIVALENT_MUTANTS = [
  {
    file: 'edge/cart/checkout-rules.ts',
    mutator: 'ConditionalExpression',
    original: "state.status === 'converted'",
    replacement: 'true',
    reason: 'only completeCheckout sets an order id, and it converts the cart: no other cart holds one',
  },
  {
    file: 'origin/payment/method-rules.ts',
    mutator: 'ConditionalExpression',
    original: 'rule.minAmount !== null',
    replacement: 'true',
    reason: 'with no minimum, `amount < null` is `amount < 0`, never true of an order total',
  },
  {
    file: 'origin/rating/rules.ts',
    mutator: 'Regex',
    original: '/\\s+/',
    replacement: '/\\s/',
    reason: 'only the first word is kept, and the name is trimmed first',
  },
  {
    file: 'origin/rating/rules.ts',
    mutator: 'StringLiteral',
    original: "''",
    replacement: '"Stryker was here!"',
    reason: 'split() always yields a first element; the fallback only satisfies the type checker',
  },
  {
    file: 'edge/support/conversation-rules.ts',
    mutator: 'EqualityOperator',
    original: 'i < text.length',
    replacement: 'i <= text.length',
    reason: 'charCodeAt past the end is NaN, which is neither a control character nor DEL',
  },
  {
    file: 'edge/support/conversation-rules.ts',
    mutator: 'OptionalChaining',
    original: 'recent[0]?.at',
    replacement: 'recent[0].at',
    reason: 'reached only with a full burst of recent messages, so recent[0] always exists',
  },
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: RULE_MODULES,
  // No `testFiles` here: Stryker 10 then activates static mutants (the transition tables) only
  // at run time, after the module has read them, and they all survive. The vitest config
  // names the test files instead.
  // Two workers at most: the machine is shared (override with --concurrency).
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: 90 },
  // scripts/stryker-rule-scores.mjs holds each file to `thresholds.break` and names the survivors.
  appendPlugins: ['./scripts/stryker-rule-scores.mjs'],
  reporters: ['clear-text', 'progress', 'html', 'json', 'rule-scores'],
  equivalentMutants: EQUIVALENT_MUTANTS,
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false },
  tempDirName: '.stryker-tmp',
  // Stryker rewrites the named tsconfig's `extends`/`references` for its sandbox through the
  // TypeScript JS API, which TypeScript 7 lacks. Ours have neither, so point it at no file.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  ignorePatterns: ['.data', '.wrangler', 'reports', 'coverage', 'bench/results', '.vitest-results'],
};
