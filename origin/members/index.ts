/**
 * The members context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { authAdminRoutes } from './auth.admin.routes';
export { type AdminVariables, authorizeAdmin } from './authorize';
export { credentialOf, type StaffCredential } from './credential-status';
export { actorOf, type Principal } from './principal';
export { memberPruneRules } from './prune-rules';
export { membersService } from './service';
export { staffAdminRoutes } from './staff.admin.routes';
