import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductSnapshot, PublishPayload } from '../../contract/catalog';
import { outboxEvents } from '../../db/schema/outbox';
import { INTERNAL_SECRET, productInput, startTestOrigin, type TestOrigin, uid } from '../../test/support/origin';
import { deliverTwiceOutOfOrder } from '../platform/queue/testing';
import type { AdminProduct } from './catalog.schemas';
import { catalogNeighbours } from './neighbours';
import { catalogPublisher, REPUBLISH_BATCH, splitPayload, wholeCatalogPayloads } from './publisher';
import { cacheKeys } from './read-model';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
});
afterAll(() => t.close());

describe('catalog publisher', () => {
  it('coalesces many changes to one product into one snapshot of its latest state', async () => {
    const p = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    // The product's own publishes (its creation, its first stock) are done first.
    await t.drain();
    for (const amount of [1000, 1100, 1200]) {
      await t.admin('PATCH', `/admin/variants/${p.variants[0]?.id}`, { price: { amount, currency: 'USD' } });
    }
    const before = t.publishes.length;
    await t.drain();
    const sent = t.publishes.slice(before).flatMap((x) => x.products.filter((s) => s.id === p.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.variants[0]?.price.amount).toBe(1200);
  });

  it('publishes a new category list when categories change', async () => {
    const slug = `cat-${uid()}`;
    await t.admin('POST', '/admin/categories', { slug, name: 'New' });
    await t.drain();
    expect(t.publishes.at(-1)?.categories?.map((c) => c.slug)).toContain(slug);
  });

  it('keeps an event pending while the edge is down and delivers it when it is back', async () => {
    t.edgeFailure.status = 503;
    const p = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    const before = t.publishes.length;
    await t.drain();
    expect(t.publishes.length).toBe(before);
    t.edgeFailure.status = null;
    await t.origin.ctx.db.execute(sql`update outbox_events set available_at = now() where status = 'pending'`);
    await t.drain();
    expect(t.publishes.slice(before).flatMap((x) => x.products.map((s) => s.id))).toContain(p.id);
  });
});

describe('whole-catalog publish (on start)', () => {
  it('publishes every product (archived ones as removed) and the categories when the origin asks for it', async () => {
    const live = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    const archived = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    await t.admin('POST', `/admin/products/${archived.id}/archive`);
    await t.drain();
    const before = t.publishes.length;

    await t.origin.publishCatalog();
    await t.drain();
    const sent = t.publishes.slice(before);
    expect(sent.flatMap((x) => x.products.map((s) => s.slug))).toContain(live.slug);
    expect(sent.flatMap((x) => x.products.map((s) => s.slug))).not.toContain(archived.slug);
    expect(sent.flatMap((x) => x.removedSlugs)).toContain(archived.slug);
    expect(sent[0]?.categories).toBeDefined();
    const result = (await t.origin.ctx.db.execute(sql`select count(*)::int as n from products`)) as unknown as {
      rows: { n: number }[];
    };
    const count = Number(result.rows[0]?.n);
    const published = new Set(sent.flatMap((x) => [...x.products.map((s) => s.id)]));
    const removed = sent.flatMap((x) => x.removedSlugs).length;
    expect(published.size + removed).toBe(count);
  });

  it('reads the catalog in batches of REPUBLISH_BATCH products', async () => {
    const deps = {
      db: t.origin.ctx.db,
      cache: t.origin.ctx.cache,
      currency: 'USD',
      edgeUrl: 'http://edge.test',
      internalSecret: INTERNAL_SECRET,
      neighbours: catalogNeighbours(t.origin.ctx),
    };
    const sizes: number[] = [];
    for await (const payload of wholeCatalogPayloads(deps))
      sizes.push(payload.products.length + payload.removedSlugs.length);
    expect(sizes.every((n) => n <= REPUBLISH_BATCH)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

describe('redelivery', () => {
  it('leaves the edge with the latest state whatever order and how often the events arrive', async () => {
    const p = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    await t.drain();
    const variantId = p.variants[0]?.id as string;
    for (const amount of [1500, 1600, 1700]) {
      await t.admin('PATCH', `/admin/variants/${variantId}`, { price: { amount, currency: 'USD' } });
    }
    const events = (
      await t.origin.ctx.db
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.aggregateId, p.id), eq(outboxEvents.status, 'pending')))
    ).map((row) => ({ ...row, attempts: 0 }));
    expect(events).toHaveLength(3);
    const publish = catalogPublisher({
      db: t.origin.ctx.db,
      cache: t.origin.ctx.cache,
      currency: 'USD',
      edgeUrl: 'http://edge.test',
      internalSecret: INTERNAL_SECRET,
      neighbours: catalogNeighbours(t.origin.ctx),
      fetch: t.edgeFetch,
    });
    const before = t.publishes.length;
    await deliverTwiceOutOfOrder(events, (event) => publish([event]));
    const prices = t.publishes
      .slice(before)
      .flatMap((x) => x.products.filter((s) => s.id === p.id))
      .map((s) => s.variants.find((v) => v.id === variantId)?.price.amount);
    expect(prices).toHaveLength(6);
    expect(new Set(prices)).toEqual(new Set([1700]));
  });
});

describe('with a read replica', () => {
  const changedProduct = async () => {
    const p = (await (await t.admin('POST', '/admin/products', productInput())).json()) as AdminProduct;
    const events = (
      await t.origin.ctx.db
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.aggregateId, p.id), eq(outboxEvents.status, 'pending')))
    ).map((row) => ({ ...row, attempts: 0 }));
    return { p, events };
  };
  const publisher = (replicaCaughtUp: () => Promise<boolean>) =>
    catalogPublisher({
      db: t.origin.ctx.db,
      cache: t.origin.ctx.cache,
      currency: 'USD',
      edgeUrl: 'http://edge.test',
      internalSecret: INTERNAL_SECRET,
      neighbours: catalogNeighbours(t.origin.ctx),
      fetch: t.edgeFetch,
      replicaCaughtUp,
    });

  it('drops a copy cached from the lagging replica again once the replica has caught up', async () => {
    const { p, events } = await changedProduct();
    const key = cacheKeys.product(p.slug);
    const publish = publisher(async () => {
      // A shopper read between the commit and the replica's replay caches the old state.
      await t.origin.ctx.cache.set(key, { stale: true }, 300);
      return true;
    });
    await publish(events);
    expect(await t.origin.ctx.cache.get(key)).toBeNull();
  });

  it('fails the round, after publishing to the edge, while the replica is still behind', async () => {
    const { p, events } = await changedProduct();
    const before = t.publishes.length;
    await expect(publisher(async () => false)(events)).rejects.toThrow(/replica has not caught up/);
    expect(t.publishes.slice(before).flatMap((x) => x.products.map((s) => s.id))).toContain(p.id);
  });
});

describe('splitPayload', () => {
  const product = (n: number, variants: number) =>
    ({ id: `prod_${n}`, variants: Array.from({ length: variants }, () => ({})) }) as unknown as ProductSnapshot;

  it('keeps every request within the KV operation budget and loses nothing', () => {
    const payload: PublishPayload = {
      products: Array.from({ length: 100 }, (_, i) => product(i, 9)),
      removedSlugs: ['a', 'b'],
      removedVariantIds: ['v1'],
      categories: [],
    };
    const chunks = splitPayload(payload, 100);
    for (const c of chunks) {
      const ops =
        c.products.reduce((n, p) => n + 1 + p.variants.length, 0) +
        c.removedSlugs.length +
        c.removedVariantIds.length +
        (c.categories ? 1 : 0);
      expect(ops).toBeLessThanOrEqual(100);
    }
    expect(chunks.flatMap((c) => c.products.map((p) => p.id))).toEqual(payload.products.map((p) => p.id));
    expect(chunks.flatMap((c) => c.removedSlugs)).toEqual(['a', 'b']);
    expect(chunks.filter((c) => c.categories)).toHaveLength(1);
  });

  it('sends a small payload in one request', () => {
    expect(splitPayload({ products: [product(1, 3)], removedSlugs: [], removedVariantIds: [] })).toHaveLength(1);
  });
});
