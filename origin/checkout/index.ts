/**
 * The checkout context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { CheckoutRequestSchema, PaymentRetryRequestSchema, PaymentRetryResponseSchema } from './checkout.schemas';
export { requestHash } from './idempotency';
export { claimScopedKey, KeyReused, type StoredAnswer, storeAnswer, storeAnswerStatement } from './idempotency-store';
export { computeTotals, type Totals } from './pricing';
export { chooseShipping, type ShippingChoice, taxRateFor } from './shipping';
export { shippingAdminRoutes } from './shipping.admin.routes';
