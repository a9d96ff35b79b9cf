/**
 * The inventory context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */

export { registerInventoryConsumers } from './consumers';
export { initStock, type StockLevel } from './inventory';
export { inventoryAdminRoutes } from './inventory.admin.routes';
export { StockLevelSchema } from './inventory.schemas';
export { commitReservations, commitUnits, releaseReservations, reserveStock } from './reservations';
export { inventoryService } from './service';
export { InventoryTopics } from './topics';
