/**
 * The orders context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { type CancelError, type CancelOutcome, cancelInTx, lockOrder, refundOrderInTx } from './cancel-order';
export { orderPageUrl, orderTokenOf } from './order-link';
export type { ManualTarget } from './order-state';
export { verifyOrderToken } from './order-token';
export { toOrder } from './order-view';
export { newOrderRecord, type OrderRecord, placeOrderStatements } from './order-writes';
export { loadOrder, moveOrder, OrderTopics, orderStatusOf } from './orders';
export { orderAdminRoutes } from './orders.admin.routes';
export { CancelBody, OrderIdParam, TransitionBody } from './orders.schemas';
export { noteOnOrder, payableOrder, switchToCashOnDelivery } from './payable-orders';
export { ordersService } from './service';
export {
  completeDeliveryInTx,
  deliverOrderInTx,
  type FulfilmentOrder,
  fulfilmentOrder,
  shipOrderInTx,
} from './transition-order';
