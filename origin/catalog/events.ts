/** Catalog events, written to the outbox in the transaction of the change that causes them. */
import { eq } from 'drizzle-orm';
import { CATALOG_REPUBLISH_TOPIC } from '../../contract/catalog';
import { variants } from '../../db/schema/catalog';
import { enqueue, type OutboxMessage, type Writer } from '../platform/outbox/outbox';

export const CatalogTopics = {
  productChanged: 'catalog.product.changed',
  categoriesChanged: 'catalog.categories.changed',
  /** Publish the whole catalog (every product and the categories): on start, and after a seed. */
  republishRequested: CATALOG_REPUBLISH_TOPIC,
} as const;

/** Asks the publisher to publish the whole catalog to the edge (see publisher.ts). */
export function republishRequested(tx: Writer) {
  return enqueue(tx, { topic: CatalogTopics.republishRequested, aggregateId: 'catalog' });
}

/** The message announcing that a product must be published again (for batching with others). */
export function productChangedMessage(productId: string, previousSlug?: string): OutboxMessage {
  return { topic: CatalogTopics.productChanged, aggregateId: productId, payload: previousSlug ? { previousSlug } : {} };
}

export function productChanged(tx: Writer, productId: string, previousSlug?: string) {
  return enqueue(tx, productChangedMessage(productId, previousSlug));
}

export function categoriesChanged(tx: Writer, categoryId: string) {
  return enqueue(tx, { topic: CatalogTopics.categoriesChanged, aggregateId: categoryId });
}

/** A variant's stock or price changed: its product's snapshot must be published again. */
export async function variantChanged(tx: Writer, variantId: string) {
  const row = await tx.select({ productId: variants.productId }).from(variants).where(eq(variants.id, variantId));
  if (row[0]) await productChanged(tx, row[0].productId);
}
