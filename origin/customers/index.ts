/**
 * The customers context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { customerAdminRoutes } from './customers.admin.routes';
export { customerInternalRoutes } from './customers.internal.routes';
export { mayReadOrder } from './order-access';
export { customerPruneRules } from './prune-rules';
export { customersService } from './service';
