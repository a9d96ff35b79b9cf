/**
 * Read/write separation against a real hot standby: a throwaway primary and a streaming standby
 * of it (test/support/hot-standby.ts), the real origin app on top with the standby as its read
 * replica. The catalog reads the edge makes are served by the standby; a merchant reads their
 * own write at once even while the standby is frozen (replay paused); once replay resumes the
 * shopper reads converge, cache included. Runs under `npm run test:services` only.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductPage, ProductSnapshot, PublishPayload, VariantLookup } from '../../contract/catalog';
import { signInternalRequest } from '../../contract/signing';
import { type DatabaseHandle, openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import type { AdminProduct } from '../../origin/catalog/catalog.schemas';
import { catalogReads } from '../../origin/catalog/read-model';
import { createOrigin, type Origin } from '../../origin/main';
import { MemoryCache } from '../../origin/platform/cache/memory-cache';
import { loadConfig } from '../../origin/platform/config/config';
import { silentLogger } from '../../origin/platform/logger';
import { createTestDatabase } from '../support/db';
import { type HotStandby, startHotStandby } from '../support/hot-standby';
import { ADMIN_TOKEN, INTERNAL_SECRET, productInput } from '../support/origin';

/** An edge that accepts every publish and keeps its payload. */
function recordPublishes(publishes: PublishPayload[]): typeof fetch {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    publishes.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 204 });
  }) as typeof fetch;
}

describe.skipIf(process.env.TEST_DATABASE !== 'postgres')('read replica on a hot standby', () => {
  let standby: HotStandby;
  let origin: Origin;
  const handles: DatabaseHandle[] = [];
  const publishes: PublishPayload[] = [];

  beforeAll(async () => {
    standby = await startHotStandby();
    console.info(`hot standby streaming after ${standby.startupMs} ms`);
    const database = await openDatabase(standby.primaryUrl, { maxConnections: 5 });
    handles.push(database);
    const replica = await openDatabase(standby.standbyUrl, { maxConnections: 5 });
    handles.push(replica);
    // Only the primary is migrated: the standby receives the schema by replication.
    await migrateDatabase(database);
    await standby.caughtUp();
    const config = loadConfig({
      NODE_ENV: 'test',
      ADMIN_TOKEN,
      INTERNAL_SECRET,
      EDGE_URL: 'http://edge.test',
      OUTBOX_POLL_MS: '60000',
    });
    const edgeFetch = recordPublishes(publishes);
    origin = await createOrigin(config, {
      database,
      replica,
      cache: new MemoryCache(),
      log: silentLogger,
      edgeFetch,
      migrate: false,
    });
    handles.length = 0; // the origin closes them now
  });

  afterAll(async () => {
    await origin?.close();
    await Promise.all(handles.map((h) => h.close()));
    await standby?.stop();
  });

  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const res = await origin.app.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  /** A signed GET as the edge makes it. */
  const internal = async (path: string) =>
    origin.app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
  const shopperPrice = async (slug: string) =>
    ((await (await internal(`/internal/catalog/products/${slug}`)).json()) as ProductSnapshot).variants[0]?.price
      .amount;
  const listedPrice = async (word: string) =>
    ((await (await internal(`/internal/catalog/products?q=${word}`)).json()) as ProductPage).items[0]?.price.amount;
  const createProduct = async () => {
    const product = await admin<AdminProduct>('POST', '/admin/products', productInput({}, 1, 2500));
    await origin.relay.drain();
    await standby.caughtUp();
    return product;
  };
  /** The distinctive word of a product's title (`Test Product <id>`), for a search that finds only it. */
  const wordOf = (p: AdminProduct) => p.title.split(' ').at(-1) as string;

  it('gives the reader connections to the standby and keeps ctx.db on the primary', async () => {
    const inRecovery = async (db: Origin['ctx']['db']) =>
      (await db.select({ r: sql<boolean>`pg_is_in_recovery()` }).from(sql`(select 1) as one`))[0]?.r;
    expect(await inRecovery(origin.ctx.reader)).toBe(true);
    expect(await inRecovery(origin.ctx.db)).toBe(false);
    expect(catalogReads(origin.ctx).db).toBe(origin.ctx.reader);
  });

  it('serves the edge’s catalog reads from the standby: a product it has not replayed is not there yet', async () => {
    await standby.pauseReplay();
    try {
      const product = await admin<AdminProduct>('POST', '/admin/products', productInput({}, 1, 2500));
      // The merchant sees it at once (primary) …
      expect((await admin<AdminProduct>('GET', `/admin/products/${product.id}`)).slug).toBe(product.slug);
      // … the shopper reads do not (standby, frozen before the insert).
      expect((await internal(`/internal/catalog/products/${product.slug}`)).status).toBe(404);
      expect((await internal(`/internal/catalog/variants/${product.variants[0]?.id}`)).status).toBe(404);
      expect(await listedPrice(wordOf(product))).toBeUndefined();
      await standby.resumeReplay();
      // The relay publishes the new product; its second invalidation waits for the standby.
      await origin.relay.drain();
      expect(await shopperPrice(product.slug)).toBe(2500);
      expect(await listedPrice(wordOf(product))).toBe(2500);
    } finally {
      await standby.resumeReplay();
    }
  });

  it('lets a merchant read their own price change at once while the standby lags, and the shopper reads converge', async () => {
    const product = await createProduct();
    const variantId = product.variants[0]?.id as string;
    // Warm the origin's cache with the current state, as shopper traffic would.
    expect(await shopperPrice(product.slug)).toBe(2500);
    expect(await listedPrice(wordOf(product))).toBe(2500);

    await standby.pauseReplay();
    let publishing: Promise<number> | undefined;
    try {
      const patched = await admin<AdminProduct['variants'][number]>('PATCH', `/admin/variants/${variantId}`, {
        price: { amount: 3100, currency: 'USD' },
      });
      expect(patched.price?.amount).toBe(3100);
      // Read-your-writes: the very next admin reads see the new price.
      expect((await admin<AdminProduct>('GET', `/admin/products/${product.id}`)).variants[0]?.price?.amount).toBe(3100);
      expect((await admin<AdminProduct['variants'][number]>('GET', `/admin/variants/${variantId}`)).price?.amount).toBe(
        3100,
      );

      // The publisher builds from the primary, so the edge gets the new price right away; it then
      // drops the origin's cached copies and waits for the standby before dropping them again.
      const before = publishes.length;
      publishing = origin.relay.drain();
      await expect
        .poll(() =>
          publishes
            .slice(before)
            .flatMap((p) => p.products)
            .find((s) => s.id === product.id),
        )
        .toBeTruthy();
      expect(publishes.at(-1)?.products.find((s) => s.id === product.id)?.variants[0]?.price.amount).toBe(3100);

      // A shopper read now misses the cache and reaches the frozen standby: the old price (which
      // gets cached, as it would in production between the commit and the standby's replay).
      expect(await shopperPrice(product.slug)).toBe(2500);
      expect(await listedPrice(wordOf(product))).toBe(2500);
    } finally {
      await standby.resumeReplay();
    }

    // Replay resumes: the publisher sees the standby catch up and drops the stale copies.
    expect(await publishing).toBeGreaterThanOrEqual(1);
    expect(await shopperPrice(product.slug)).toBe(3100);
    expect(await listedPrice(wordOf(product))).toBe(3100);
    const lookup = (await (await internal(`/internal/catalog/variants/${variantId}`)).json()) as VariantLookup;
    expect(lookup.price.amount).toBe(3100);
  });
});

describe.skipIf(process.env.TEST_DATABASE !== 'postgres')('read replica down', () => {
  let origin: Origin;
  let primary: DatabaseHandle;
  const publishes: PublishPayload[] = [];

  beforeAll(async () => {
    primary = await createTestDatabase();
    // Nothing listens on port 1: every connection is refused, as when the replica is gone.
    const replica = await openDatabase('postgres://postgres@127.0.0.1:1/gone', { maxConnections: 1 });
    const config = loadConfig({
      NODE_ENV: 'test',
      ADMIN_TOKEN,
      INTERNAL_SECRET,
      EDGE_URL: 'http://edge.test',
      OUTBOX_POLL_MS: '60000',
    });
    const edgeFetch = recordPublishes(publishes);
    origin = await createOrigin(config, {
      database: primary,
      replica,
      cache: new MemoryCache(),
      log: silentLogger,
      edgeFetch,
      migrate: false,
    });
  });
  afterAll(() => origin?.close());

  it('serves shopper reads from the primary and keeps publishing to the edge', async () => {
    expect(await origin.replicaRoute?.probe()).toBe(false);
    const res = await origin.app.request('/admin/products', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(productInput({}, 1, 2500)),
    });
    expect(res.status).toBe(201);
    const product = (await res.json()) as AdminProduct;
    // The publisher does not wait for a replica that reads no longer use.
    await origin.relay.drain();
    expect(publishes.flatMap((p) => p.products).some((s) => s.id === product.id)).toBe(true);
    const path = `/internal/catalog/products/${product.slug}`;
    const read = await origin.app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
    expect(read.status).toBe(200);
    expect(((await read.json()) as ProductSnapshot).variants[0]?.price.amount).toBe(2500);
  });
});
