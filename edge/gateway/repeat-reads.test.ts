import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { productFixture, publishOk, variantFixture } from '../../test/edge/catalog-fixtures';
import { edgeFetch, randomClientIp } from '../../test/edge/edge-fetch';
import { installFakeOrigin } from '../../test/edge/fake-origin';
import { clearCatalogL1 } from '../catalog/catalog-l1';
import worker from '../index';
import { leasePool } from './rate-limit';
import { clearRepeatReads, repeatReadStats } from './repeat-reads';

/** One client per test: the hot path needs the client's lease at hand, which its first read takes. */
let clientIp = '';

beforeEach(() => {
  clientIp = randomClientIp();
  clearCatalogL1();
  clearRepeatReads();
  installFakeOrigin();
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function publishedSlug(): Promise<string> {
  const product = productFixture({ variants: [variantFixture()] });
  await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });
  return product.slug;
}

/** Calls `edgeFetch` as this test's client and says whether the hot path answered it. */
async function read(path: string, init: RequestInit = {}): Promise<{ res: Response; hot: boolean }> {
  const before = repeatReadStats.served;
  const headers = new Headers(init.headers);
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', clientIp);
  const res = await edgeFetch(path, { ...init, headers });
  return { res, hot: repeatReadStats.served === before + 1 };
}

function headersWithout(res: Response, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of res.headers) if (k !== name) out[k] = v;
  return out;
}

describe('repeat catalog reads', () => {
  it('answers a repeat from the hot path with the body and every header the app sent, but its own request id', async () => {
    const slug = await publishedSlug();
    const first = await read(`/api/products/${slug}`);
    const second = await read(`/api/products/${slug}`);
    expect(first.hot).toBe(false);
    expect(second.hot).toBe(true);
    expect(second.res.status).toBe(200);
    expect(await second.res.text()).toBe(await first.res.text());
    expect(headersWithout(second.res, 'x-request-id')).toEqual(headersWithout(first.res, 'x-request-id'));
    expect(second.res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(second.res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(second.res.headers.get('x-request-id')).not.toBe(first.res.headers.get('x-request-id'));

    const traced = await read(`/api/products/${slug}`, { headers: { 'x-request-id': 'trace-hot-1' } });
    expect(traced.hot).toBe(true);
    expect(traced.res.headers.get('x-request-id')).toBe('trace-hot-1');
  });

  it('serves lists and categories too, each URL exactly as asked', async () => {
    await publishedSlug();
    for (const path of ['/api/products?limit=5', '/api/categories']) {
      const first = await read(path);
      const second = await read(path);
      expect([first.hot, second.hot]).toEqual([false, true]);
      expect(await second.res.text()).toBe(await first.res.text());
    }
    // The same query spelled differently is a different URL: it goes through the app once.
    expect((await read('/api/products?limit=05')).hot).toBe(false);
  });

  it('answers a matching If-None-Match with the 304 the app sent, once it has seen one', async () => {
    const slug = await publishedSlug();
    const etag = (await read(`/api/products/${slug}`)).res.headers.get('etag') ?? '';
    const conditional = { headers: { 'if-none-match': etag } };
    const first = await read(`/api/products/${slug}`, conditional);
    const second = await read(`/api/products/${slug}`, conditional);
    expect([first.hot, second.hot]).toEqual([false, true]);
    expect(second.res.status).toBe(304);
    expect(await second.res.text()).toBe('');
    expect(headersWithout(second.res, 'x-request-id')).toEqual(headersWithout(first.res, 'x-request-id'));
    // A stale validator gets the full body, from the hot path.
    const stale = await read(`/api/products/${slug}`, { headers: { 'if-none-match': '"0000"' } });
    expect(stale.hot).toBe(true);
    expect(stale.res.status).toBe(200);
  });

  it('never outlives the L1 entry: a publish sends the next read through the app, with the new content', async () => {
    const product = productFixture({ title: 'Old title' });
    await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });
    await read(`/api/products/${product.slug}`);
    expect((await read(`/api/products/${product.slug}`)).hot).toBe(true);

    await publishOk({ products: [{ ...product, title: 'New title' }], removedSlugs: [], removedVariantIds: [] });
    const after = await read(`/api/products/${product.slug}`);
    expect(after.hot).toBe(false);
    expect(await after.res.json()).toMatchObject({ title: 'New title' });
    const again = await read(`/api/products/${product.slug}`);
    expect(again.hot).toBe(true);
    expect(await again.res.json()).toMatchObject({ title: 'New title' });

    clearCatalogL1(); // the TTL or the version poll does the same
    expect((await read(`/api/products/${product.slug}`)).hot).toBe(false);
  });

  it('leaves signed-in, cross-origin, HEAD and non-GET requests to the app', async () => {
    const slug = await publishedSlug();
    const path = `/api/products/${slug}`;
    await read(path);
    expect((await read(path)).hot).toBe(true);
    expect((await read(path, { headers: { authorization: 'Bearer not-a-token' } })).hot).toBe(false);
    expect((await read(path, { headers: { origin: 'https://shop.example' } })).hot).toBe(false);
    expect((await read(path, { method: 'HEAD' })).hot).toBe(false);
    const post = await read(path, { method: 'POST' });
    expect(post.hot).toBe(false);
    expect(post.res.status).toBe(404);
  });

  it('still serves same-origin repeats when CORS origins are configured, leaving cross-origin ones to the app', async () => {
    const slug = await publishedSlug();
    const corsEnv = { ...env, CORS_ALLOWED_ORIGINS: 'https://shop.example' } as unknown as Env;
    const call = async (headers: Record<string, string> = {}) => {
      const before = repeatReadStats.served;
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`http://edge.test/api/products/${slug}`, { headers: { 'cf-connecting-ip': clientIp, ...headers } }),
        corsEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return { res, hot: repeatReadStats.served === before + 1 };
    };
    const first = await call();
    const second = await call();
    expect([first.hot, second.hot]).toEqual([false, true]);
    expect(second.res.headers.get('vary')).toBe('Origin');
    expect(headersWithout(second.res, 'x-request-id')).toEqual(headersWithout(first.res, 'x-request-id'));
    const crossOrigin = await call({ origin: 'https://shop.example' });
    expect(crossOrigin.hot).toBe(false);
    expect(crossOrigin.res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('does not learn from a signed-in request', async () => {
    const slug = await publishedSlug();
    const path = `/api/products/${slug}`;
    await read(path, { headers: { authorization: 'Bearer not-a-token' } });
    expect((await read(path)).hot).toBe(false);
    expect((await read(path)).hot).toBe(true);
  });

  it('charges the client the same API bucket as the app does, leasing again (a larger batch) when it runs out', async () => {
    const slug = await publishedSlug();
    const served = repeatReadStats.served;
    const started = Date.now();
    // wrangler.toml: 600 a minute, first lease 20. Request 1 leases 20, requests 2-20 spend the
    // 19 left on the hot path, request 21 finds the lease empty and goes through the app,
    // which leases again: twice as many, the first lease having gone within a second.
    for (let i = 0; i < 21; i++) {
      expect((await read(`/api/products/${slug}`)).res.status).toBe(200);
    }
    expect(repeatReadStats.served - served).toBe(19);
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`api:ip:${clientIp}`));
    const tokens = await runInDurableObject(stub, (_o, state) =>
      Math.floor(state.storage.sql.exec<{ tokens: number }>('SELECT tokens FROM bucket').one().tokens),
    );
    // The bucket refills 10 tokens a second meanwhile: allow for what the requests took.
    const refilled = Math.ceil((Date.now() - started) / 100);
    expect(tokens).toBeGreaterThanOrEqual(600 - 20 - 40);
    expect(tokens).toBeLessThanOrEqual(600 - 20 - 40 + refilled);
    expect(tokens).toBeLessThan(600 - 20); // a second lease was taken, so the hot path spent the first
  });

  it('lets the app answer a client that is being refused', async () => {
    const slug = await publishedSlug();
    await read(`/api/products/${slug}`);
    leasePool.block(`api:ip:${clientIp}`, Date.now(), 5_000);
    const refused = await read(`/api/products/${slug}`);
    expect(refused.hot).toBe(false);
    expect(refused.res.status).toBe(429);
    expect(await refused.res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
