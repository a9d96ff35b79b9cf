/**
 * Vitest for mutation runs only (`npm run test:mutation`): the unit and property tests of the
 * pure rule modules that stryker.config.mjs mutates (keep the two lists in step), edge ones
 * included, in plain Node. They need no workerd, database or services, which keeps each of the
 * thousand mutant runs to milliseconds.
 */
import { defineConfig } from 'vitest/config';

const RULE_TESTS = [
  'origin/checkout/pricing',
  'edge/cart/cart-rules',
  'edge/cart/checkout-rules',
  'origin/orders/order-state',
  'origin/payment/payment-state',
  'origin/payment/method-rules',
  'origin/logistics/shipment-status',
  'origin/logistics/fulfilment-plan',
  'edge/gateway/token-bucket',
  'origin/rating/rules',
  'edge/support/conversation-rules',
].map((module) => `${module}{,.property}.test.ts`);

export default defineConfig({
  test: {
    name: 'mutation',
    environment: 'node',
    include: RULE_TESTS,
    setupFiles: ['test/support/fixed-seed.ts'],
  },
});
