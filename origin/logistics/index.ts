/**
 * The logistics context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { ensureNothingShipped } from './cancel-guard';
export { carrierWebhookRoutes } from './carrier.webhook.routes';
export { registerLogisticsConsumers } from './consumers';
export { logisticsService } from './service';
export { carriersOfOrder } from './shipments';
export { shipmentAdminRoutes } from './shipments.admin.routes';
export { trackingInternalRoutes } from './tracking.internal.routes';
