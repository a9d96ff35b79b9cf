/**
 * The payment context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { startCardPayment } from './card-payment';
export { registerPaymentConsumers } from './consumers';
export { type MethodRule, offeredMethods, refusal } from './method-rules';
export { methodRules } from './method-rules.store';
export { paymentInternalRoutes } from './payment.internal.routes';
export { paymentWebhookRoutes } from './payment.webhook.routes';
export { addAttempt } from './payment-attempts';
export {
  currentPayment,
  insertPaymentStatement,
  newPaymentRecord,
  type PaymentRow,
  paymentById,
  paymentCoversShipment,
  shopperPayment,
} from './payments';
export { paymentAdminRoutes } from './payments.admin.routes';
export { methodRefusal, retryOffer, retryRefusal } from './retry-rules';
