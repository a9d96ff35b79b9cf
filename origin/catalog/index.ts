/**
 * The catalog context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { catalogInternalRoutes } from './catalog.internal.routes';
export { categoryAdminRoutes } from './categories.admin.routes';
export { registerCatalogConsumers } from './consumers';
export { republishRequested } from './events';
export { catalogNeighbours } from './neighbours';
export { productReviewInternalRoutes } from './product-reviews.internal.routes';
export { productAdminRoutes } from './products.admin.routes';
export { catalogPublisher } from './publisher';
export type { SellableVariant } from './sellable';
export { catalogService } from './service';
export { variantAdminRoutes } from './variants.admin.routes';
