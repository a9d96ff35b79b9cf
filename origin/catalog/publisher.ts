/**
 * Outbox handler for `catalog.*` events: drops the origin's cached copies, builds fresh
 * snapshots of the changed products from the database and pushes them to the edge's publish
 * endpoint, signed. Coalesces a batch (ten price edits of one product publish it once).
 * Idempotent: publishing the same state twice leaves the edge unchanged.
 *
 * With a read replica, a shopper read that misses the cache between the commit and the replica
 * replaying it would cache the old state for a whole TTL. So once the replica has caught up with
 * the primary, the origin's copies are dropped a second time; a replica still behind after the
 * wait fails the round, and the outbox retries it (publishing is idempotent).
 */
import { asc, gt } from 'drizzle-orm';
import { internalPaths, type PublishPayload } from '../../contract/catalog';
import { signInternalRequest } from '../../contract/signing';
import type { Database } from '../../db/client';
import { categories, products } from '../../db/schema/catalog';
import type { CachePort } from '../platform/cache/cache-port';
import type { OutboxEvent } from '../platform/outbox/outbox';
import { CatalogTopics } from './events';
import type { CatalogNeighbours } from './neighbours';
import { buildSnapshots, cacheKeys } from './read-model';

export interface PublisherDeps {
  db: Database;
  cache: CachePort;
  currency: string;
  edgeUrl: string;
  internalSecret: string;
  neighbours: CatalogNeighbours;
  fetch?: typeof fetch;
  /** With a read replica: resolves true once it has replayed every write committed so far. */
  replicaCaughtUp?: () => Promise<boolean>;
}

/** The payload that brings the edge up to date with these events. */
export function buildPublishPayload(deps: PublisherDeps, events: OutboxEvent[]): Promise<PublishPayload> {
  const productIds = [
    ...new Set(events.filter((e) => e.topic === CatalogTopics.productChanged).map((e) => e.aggregateId)),
  ];
  return payloadFor(
    deps,
    productIds,
    events,
    events.some((e) => e.topic === CatalogTopics.categoriesChanged),
  );
}

/** Products per round of a whole-catalog publish: bounds the snapshots held in memory at once. */
export const REPUBLISH_BATCH = 200;

/**
 * The payloads of a whole-catalog publish, one batch of products at a time (every product, in
 * id order: an archived one is published as removed), the categories with the first. The edge
 * gets its complete copy from these, list index included, so it can serve the catalog without
 * the origin from the first start on.
 */
export async function* wholeCatalogPayloads(deps: PublisherDeps): AsyncGenerator<PublishPayload> {
  let after = '';
  let first = true;
  for (;;) {
    const rows = await deps.db
      .select({ id: products.id })
      .from(products)
      .where(gt(products.id, after))
      .orderBy(asc(products.id))
      .limit(REPUBLISH_BATCH);
    if (rows.length === 0 && !first) return;
    yield await payloadFor(
      deps,
      rows.map((r) => r.id),
      [],
      first,
    );
    first = false;
    const last = rows.at(-1);
    if (!last || rows.length < REPUBLISH_BATCH) return;
    after = last.id;
  }
}

async function payloadFor(
  deps: PublisherDeps,
  productIds: string[],
  events: OutboxEvent[],
  withCategories: boolean,
): Promise<PublishPayload> {
  const payload: PublishPayload = { products: [], removedSlugs: [], removedVariantIds: [] };
  const liveSlugs = new Set<string>();
  for (const { product, snapshot } of await buildSnapshots(deps, productIds)) {
    if (snapshot) {
      payload.products.push(snapshot);
      liveSlugs.add(snapshot.slug);
      const live = new Set(snapshot.variants.map((v) => v.id));
      payload.removedVariantIds.push(...product.variants.filter((v) => !live.has(v.id)).map((v) => v.id));
    } else {
      payload.removedSlugs.push(product.slug);
      payload.removedVariantIds.push(...product.variants.map((v) => v.id));
    }
  }
  for (const e of events) {
    const previous = e.payload.previousSlug;
    if (typeof previous === 'string' && !liveSlugs.has(previous) && !payload.removedSlugs.includes(previous)) {
      payload.removedSlugs.push(previous);
    }
  }
  if (withCategories) {
    payload.categories = await deps.db
      .select({ id: categories.id, slug: categories.slug, name: categories.name, parentId: categories.parentId })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.name));
  }
  return payload;
}

/**
 * One Worker request may make at most 1,000 KV operations, and the edge refuses a publish that
 * would need more (413) rather than apply half of it. Each product costs one write plus one per
 * variant; removals cost one each. Split so every request stays well inside the budget.
 */
export function splitPayload(payload: PublishPayload, maxOps = 500): PublishPayload[] {
  const chunks: PublishPayload[] = [];
  let current: PublishPayload = {
    products: [],
    removedSlugs: payload.removedSlugs,
    removedVariantIds: payload.removedVariantIds,
    ...(payload.categories ? { categories: payload.categories } : {}),
  };
  let ops = payload.removedSlugs.length + payload.removedVariantIds.length + (payload.categories ? 1 : 0);
  for (const product of payload.products) {
    const cost = 1 + product.variants.length;
    if (current.products.length > 0 && ops + cost > maxOps) {
      chunks.push(current);
      current = { products: [], removedSlugs: [], removedVariantIds: [] };
      ops = 0;
    }
    current.products.push(product);
    ops += cost;
  }
  chunks.push(current);
  return chunks;
}

export function catalogPublisher(deps: PublisherDeps) {
  const doFetch = deps.fetch ?? fetch;
  const push = async (payload: PublishPayload) => {
    for (const chunk of splitPayload(payload)) {
      const body = JSON.stringify(chunk);
      const headers = await signInternalRequest(deps.internalSecret, 'POST', internalPaths.publish, body);
      const res = await doFetch(`${deps.edgeUrl}${internalPaths.publish}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`edge publish answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
  };
  return async (events: OutboxEvent[]): Promise<void> => {
    // A whole-catalog publish covers every other event of the batch.
    if (events.some((e) => e.topic === CatalogTopics.republishRequested)) {
      for await (const payload of wholeCatalogPayloads(deps)) await push(payload);
      return;
    }
    const payload = await buildPublishPayload(deps, events);
    const slugs = [...payload.products.map((p) => p.slug), ...payload.removedSlugs];
    const invalidate = async () => {
      await deps.cache.del(...slugs.map(cacheKeys.product), ...(payload.categories ? [cacheKeys.categories] : []));
      await deps.cache.incr(cacheKeys.listVersion);
    };
    await invalidate();
    await push(payload);
    if (deps.replicaCaughtUp) {
      if (!(await deps.replicaCaughtUp())) throw new Error('the read replica has not caught up with the primary yet');
      await invalidate();
    }
  };
}
