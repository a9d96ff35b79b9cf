import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productInput, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import type { AdminProduct, AdminVariant } from './catalog.schemas';

let t: TestOrigin;
let product: AdminProduct;
beforeAll(async () => {
  t = await startTestOrigin();
  product = (await (await t.admin('POST', '/admin/products', productInput({}, 2))).json()) as AdminProduct;
});
afterAll(() => t.close());
const variantId = () => product.variants[0]?.id as string;

describe('variant prices (PATCH /admin/variants/:id)', () => {
  it('sets the price and answers with the variant', async () => {
    const res = await t.admin('PATCH', `/admin/variants/${variantId()}`, { price: { amount: 3199, currency: 'USD' } });
    expect(res.status).toBe(200);
    const v = (await res.json()) as AdminVariant;
    expect(v).toMatchObject({ id: variantId(), price: { amount: 3199, currency: 'USD' } });
    await t.drain();
    const published = t.publishes.at(-1)?.products.find((p) => p.id === product.id);
    expect(published?.variants.find((x) => x.id === variantId())?.price).toEqual({ amount: 3199, currency: 'USD' });
  });

  it('adds a price in a new currency without touching the others', async () => {
    const res = await t.admin('PATCH', `/admin/variants/${variantId()}`, { price: { amount: 2999, currency: 'GBP' } });
    const v = (await res.json()) as AdminVariant;
    expect(v.prices.map((p) => p.currency)).toEqual(['EUR', 'GBP', 'USD']);
  });

  it('removes a price in one currency', async () => {
    const res = await t.admin('DELETE', `/admin/variants/${variantId()}/prices/GBP`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as AdminVariant).prices.map((p) => p.currency)).toEqual(['EUR', 'USD']);
  });

  it('refuses float, negative and malformed money with 400', async () => {
    for (const price of [{ amount: 1.5, currency: 'USD' }, { amount: -5, currency: 'USD' }, { amount: 5 }, 'free']) {
      const res = await t.admin('PATCH', `/admin/variants/${variantId()}`, { price });
      expect(res.status).toBe(400);
    }
  });

  it('answers 404 variant_not_found for an unknown variant', async () => {
    const res = await t.admin('PATCH', '/admin/variants/var_NOPE', { price: { amount: 1, currency: 'USD' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'variant_not_found' } });
  });
});

describe('variants', () => {
  it('adds a variant after the existing ones', async () => {
    const res = await t.admin('POST', `/admin/products/${product.id}/variants`, {
      sku: `${product.variants[0]?.sku}-XL`,
      title: 'XL',
      options: { Size: 'XL' },
      prices: [{ amount: 2900, currency: 'USD' }],
      stock: 3,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ position: 2, inventory: { onHand: 3 } });
  });

  it('refuses a duplicate SKU with 409 sku_taken', async () => {
    const res = await t.admin('PATCH', `/admin/variants/${variantId()}`, { sku: product.variants[1]?.sku });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'sku_taken' } });
  });

  it('archives a variant so the edge stops selling it', async () => {
    const id = product.variants[1]?.id as string;
    const res = await t.admin('POST', `/admin/variants/${id}/archive`);
    expect(res.status).toBe(200);
    await t.drain();
    expect(t.publishes.at(-1)?.removedVariantIds).toContain(id);
  });
});

describe('inventory (GET/PUT /admin/inventory/:variantId)', () => {
  it('reads and sets the units on hand', async () => {
    const get = await t.admin('GET', `/admin/inventory/${variantId()}`);
    expect(await get.json()).toEqual({ variantId: variantId(), onHand: 10, reserved: 0, available: 10 });
    const put = await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: 42 });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ variantId: variantId(), onHand: 42, reserved: 0, available: 42 });
    await t.drain();
    const snap = t.publishes.at(-1)?.products.find((p) => p.id === product.id);
    expect(snap?.variants.find((v) => v.id === variantId())).toMatchObject({ available: true, availableQuantity: 42 });
  });

  it('publishes a variant as unavailable when its stock reaches zero', async () => {
    await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: 0 });
    await t.drain();
    const snap = t.publishes.at(-1)?.products.find((p) => p.id === product.id);
    expect(snap?.variants.find((v) => v.id === variantId())).toMatchObject({ available: false, availableQuantity: 0 });
  });

  it('refuses to count stock below what orders have reserved', async () => {
    await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: 10 });
    await t.origin.ctx.db.execute(sql`update inventory_levels set reserved = 4 where variant_id = ${variantId()}`);
    const res = await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: 3 });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'stock_below_reserved', reserved: 4 } });
    const after = await (await t.admin('GET', `/admin/inventory/${variantId()}`)).json();
    expect(after).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
  });

  it('refuses negative and fractional counts with 400', async () => {
    expect((await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: -1 })).status).toBe(400);
    expect((await t.admin('PUT', `/admin/inventory/${variantId()}`, { onHand: 2.5 })).status).toBe(400);
  });

  it('answers 404 for a variant without stock', async () => {
    const res = await t.admin('GET', '/admin/inventory/var_NOPE');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'inventory_not_found' } });
  });
});
