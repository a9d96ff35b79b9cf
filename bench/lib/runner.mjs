// BENCH_RUNNER for both benches: how the Worker runs (see scripts/serve-workerd.mjs).

/** `workerd` (default: the deploy bundle, no dev proxy, state in memory) or `wrangler` (`wrangler dev`). */
export function benchRunner() {
  const runner = process.env.BENCH_RUNNER || 'workerd';
  if (runner !== 'workerd' && runner !== 'wrangler') {
    console.error(`bench: BENCH_RUNNER must be workerd or wrangler (got "${runner}")`);
    process.exit(1);
  }
  return runner;
}
