/**
 * Moves an order along the state machine with the side effects each step needs: shipping
 * takes the reserved stock out of `on_hand`; cancelling gives it back (cancel-order.ts).
 * Payments and shipments drive these moves later; the merchant can also drive them by hand.
 */
import type { Order, OrderStatus } from '../checkout/contract';
import type { OriginContext } from '../context';
import { commitReservations } from '../inventory/reservations';
import { err, ok, type Result } from '../platform/result';
import { cancelInTx } from './cancel-order';
import { loadOrder, moveOrder } from './orders';

export type TransitionError = 'order_not_found' | 'invalid_transition';

export async function transitionOrder(
  ctx: OriginContext,
  orderId: string,
  to: OrderStatus,
  reason: string,
): Promise<Result<Order, TransitionError>> {
  const moved = await ctx.transaction(async (tx): Promise<Result<unknown, TransitionError>> => {
    if (to === 'cancelled') return cancelInTx(tx, orderId, reason);
    const result = await moveOrder(tx, orderId, to, reason);
    if (result.ok && to === 'shipped') await commitReservations(tx, orderId);
    return result;
  });
  if (!moved.ok) return moved;
  const order = await loadOrder(ctx.db, orderId);
  return order ? ok(order) : err('order_not_found', `No order ${orderId}`);
}
