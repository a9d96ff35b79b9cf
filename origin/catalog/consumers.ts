/**
 * The catalog listens to the contexts whose changes shoppers see in a product (stock and
 * ratings), so none of them needs to know the catalog: each announces its change, and the
 * catalog asks for the products concerned to be published again to the edge.
 */
import { inArray } from 'drizzle-orm';
import { variants } from '../../db/schema/catalog';
import { InventoryTopics } from '../inventory';
import type { OriginContext } from '../platform/context';
import { enqueue } from '../platform/outbox/outbox';
import { RatingTopics } from '../rating';
import { productChanged, productChangedMessage } from './events';

const variantIdsOf = (payload: Record<string, unknown>): string[] =>
  Array.isArray(payload.variantIds) ? payload.variantIds.filter((v): v is string => typeof v === 'string') : [];

export function registerCatalogConsumers(ctx: OriginContext): void {
  ctx.queue.consume(InventoryTopics.availabilityChanged, 'catalog.republish-availability', async (event, tx) => {
    const ids = variantIdsOf(event.payload);
    if (ids.length === 0) return;
    const products = await tx
      .selectDistinct({ id: variants.productId })
      .from(variants)
      .where(inArray(variants.id, ids));
    await enqueue(tx, ...products.map((p) => productChangedMessage(p.id)));
  });
  ctx.queue.consume(RatingTopics.summaryChanged, 'catalog.republish-rating', async (event, tx) => {
    await productChanged(tx, event.aggregateId);
  });
}
