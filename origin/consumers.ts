/**
 * Who listens to which event. One place, so the flow after an order reads top to bottom.
 * Every consumer runs through `runOnce` (a redelivery is a no-op) and tolerates reordering.
 *
 * An instance registers the consumers of the subsystems it serves (ORIGIN_SERVICES); for each
 * of the others it registers forwarders instead (platform/queue/forwarding.ts), so whichever
 * instance's relay claims an event, every subsystem that listens to it gets it once.
 */
import { registerCatalogConsumers } from './catalog';
import { registerInventoryConsumers } from './inventory';
import { registerLogisticsConsumers } from './logistics';
import { OrderTopics } from './orders';
import { registerPaymentConsumers } from './payment';
import type { ContextName } from './platform/config/services';
import type { OriginContext } from './platform/context';
import { forwardEvent } from './platform/queue/forwarding';
import type { Queue } from './platform/queue/queue';
import { registerRatingConsumers } from './rating';
import { expireUnpaidOrder } from './workflows/cancel-order';

type Registration = (ctx: OriginContext) => void;

/** The consumers of each subsystem that has any. */
const CONSUMERS: Partial<Record<ContextName, Registration[]>> = {
  orders: [
    // The payment deadline of an unpaid card order: cancel it and give its stock back, unless it
    // was paid meanwhile (then the handler changes nothing).
    (ctx) =>
      ctx.queue.consume(OrderTopics.paymentDeadline, 'orders.expire-unpaid', (event, tx) =>
        expireUnpaidOrder(tx, event.aggregateId),
      ),
  ],
  payment: [registerPaymentConsumers],
  logistics: [registerLogisticsConsumers],
  rating: [registerRatingConsumers],
  catalog: [registerCatalogConsumers],
  inventory: [registerInventoryConsumers],
};

/** Topics published for subscribers still to come (with no consumer, they are delivered as no-ops). */
const ANNOUNCED = [OrderTopics.placed, OrderTopics.statusChanged, OrderTopics.cancelled];

export function registerConsumers(ctx: OriginContext): void {
  const announced = new Set<string>(ANNOUNCED);
  for (const [service, registrations] of Object.entries(CONSUMERS) as [ContextName, Registration[]][]) {
    if (ctx.config.services.local.includes(service)) {
      ctx.queue.ownedBy(service);
      for (const register of registrations) register(ctx);
      ctx.queue.ownedBy(undefined);
    } else {
      const topics = topicsOf(ctx, registrations, announced);
      for (const topic of topics) forwardTopic(ctx, service, topic);
    }
  }
  // The catalog's publisher is a batch handler (main.ts); elsewhere its events are forwarded.
  if (!ctx.config.services.local.includes('catalog')) forwardTopic(ctx, 'catalog', 'catalog.*');
  ctx.queue.announce(...announced);
}

function forwardTopic(ctx: OriginContext, service: ContextName, topic: string): void {
  ctx.queue.consume(topic, `forward.${service}`, async () => {}, {
    before: (event) => forwardEvent(ctx, service, event),
  });
}

/** The topics a subsystem's registrations consume (run against a recorder, never a real queue). */
function topicsOf(ctx: OriginContext, registrations: Registration[], announced: Set<string>): Set<string> {
  const topics = new Set<string>();
  const recorder = {
    consume(topic: string) {
      topics.add(topic);
      return recorder;
    },
    announce(...names: string[]) {
      for (const name of names) announced.add(name);
      return recorder;
    },
  } as unknown as Queue;
  for (const register of registrations) register({ ...ctx, queue: recorder });
  return topics;
}
