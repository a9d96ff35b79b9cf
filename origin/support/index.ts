/**
 * The support context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { supportAdminRoutes } from './support.admin.routes';
export { supportInternalRoutes } from './support.internal.routes';
