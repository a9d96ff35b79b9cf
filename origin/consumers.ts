/**
 * Who listens to which event. One place, so the flow after an order reads top to bottom.
 * Every consumer runs through `runOnce` (a redelivery is a no-op) and tolerates reordering.
 */

import { registerCatalogConsumers } from './catalog';
import { registerInventoryConsumers } from './inventory';
import { registerLogisticsConsumers } from './logistics';
import { OrderTopics } from './orders';
import { registerPaymentConsumers } from './payment';
import type { OriginContext } from './platform/context';
import { registerRatingConsumers } from './rating';
import { expireUnpaidOrder } from './workflows/cancel-order';

export function registerConsumers(ctx: OriginContext): void {
  // The payment deadline of an unpaid card order: cancel it and give its stock back, unless it
  // was paid meanwhile (then the handler changes nothing).
  ctx.queue.consume(OrderTopics.paymentDeadline, 'orders.expire-unpaid', (event, tx) =>
    expireUnpaidOrder(tx, event.aggregateId),
  );
  registerPaymentConsumers(ctx);
  registerLogisticsConsumers(ctx);
  registerRatingConsumers(ctx);
  registerCatalogConsumers(ctx);
  registerInventoryConsumers(ctx);
  // Announced for subscribers to come.
  ctx.queue.announce(OrderTopics.placed, OrderTopics.statusChanged, OrderTopics.cancelled);
}
