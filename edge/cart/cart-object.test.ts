import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { VariantLookup } from '../../contract/catalog';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { CART_MAX_LINES, type CartObject } from './cart-object';

const TTL_MS = 604800 * 1000;

function newCartStub(): DurableObjectStub<CartObject> {
  return env.CART.get(env.CART.newUniqueId());
}

function lookup(n: number, availableQuantity = 10): VariantLookup {
  return {
    variantId: `var_${n}`,
    productId: `prod_${n}`,
    productSlug: `p-${n}`,
    title: `Product ${n} — One`,
    sku: `SKU-${n}`,
    price: { amount: 100 + n, currency: 'USD' },
    availableQuantity,
  };
}

const alarmOf = (stub: DurableObjectStub<CartObject>) =>
  runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());

/** Moves the cart's last change `ms` into the past, as if nobody had touched it since. */
async function idleFor(stub: DurableObjectStub<CartObject>, ms: number): Promise<void> {
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec('UPDATE cart SET updated_at = updated_at - ?', ms);
  });
}

describe('CartObject', () => {
  it('names the cart after its Durable Object id and creates it only once', async () => {
    const stub = newCartStub();
    const cart = await stub.create();
    expect(cart.id).toBe(`cart_${stub.id.toString()}`);
    await stub.addItem(lookup(1), 1);
    const again = await stub.create();
    expect(again.lines).toHaveLength(1);
  });

  it('answers cart_not_found to changes before the cart exists, without throwing', async () => {
    const stub = newCartStub();
    expect(await stub.get()).toBeNull();
    expect(await stub.addItem(lookup(1), 1)).toEqual({
      ok: false,
      error: { code: 'cart_not_found', message: expect.any(String) },
    });
  });

  it('sets its expiry alarm once, at creation, not on every change', async () => {
    const stub = newCartStub();
    const before = Date.now();
    await stub.create();
    const first = await alarmOf(stub);
    expect(first).toBeGreaterThanOrEqual(before + TTL_MS);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await stub.addItem(lookup(1), 1);
    expect(await alarmOf(stub)).toBe(first);
  });

  it('puts a lost expiry alarm back when the object starts again', async () => {
    const stub = newCartStub();
    await stub.create();
    await stub.addItem(lookup(1), 1);
    await runInDurableObject(stub, (_instance, state) => state.storage.deleteAlarm());
    expect(await alarmOf(stub)).toBeNull();
    await evictDurableObject(stub);
    expect(await stub.get()).toMatchObject({ lines: [{ variantId: 'var_1' }] });
    expect(await alarmOf(stub)).toBeGreaterThan(Date.now() + TTL_MS - 60_000);
  });

  it('keeps a cart changed since the alarm was set, moving the alarm to a full TTL after that change', async () => {
    const stub = newCartStub();
    await stub.create();
    const first = (await alarmOf(stub)) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changedAt = Date.now();
    await stub.addItem(lookup(1), 2);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.get()).toMatchObject({ lines: [{ variantId: 'var_1', quantity: 2 }] });
    const moved = (await alarmOf(stub)) ?? 0;
    expect(moved).toBeGreaterThan(first);
    expect(moved).toBeGreaterThanOrEqual(changedAt + TTL_MS);
  });

  it('deletes the whole cart when the expiry alarm fires a full TTL after its last change, after which it reads as not found', async () => {
    const stub = newCartStub();
    const cart = await stub.create();
    await stub.addItem(lookup(1), 2);
    await idleFor(stub, TTL_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.get()).toBeNull();
    const res = await edgeFetch(`/api/carts/${cart.id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'cart_not_found' } });
    const rows = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'cart%'").toArray(),
    );
    expect(rows).toEqual([]);
    expect(await alarmOf(stub)).toBeNull();
  });

  it('keeps lines, their order and prices across an eviction', async () => {
    const stub = newCartStub();
    await stub.create();
    await stub.addItem(lookup(2), 1);
    await stub.addItem(lookup(1), 3);
    await stub.setQuantity('var_2', 4, lookup(2));
    const before = await stub.get();

    await evictDurableObject(stub);
    const after = await stub.get();
    expect(after).toEqual(before);
    expect(after?.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ['var_2', 4],
      ['var_1', 3],
    ]);
    expect(after?.totals.subtotal).toEqual({ amount: 4 * 102 + 3 * 101, currency: 'USD' });
  });

  it(`refuses a new line beyond ${CART_MAX_LINES} distinct variants with cart_full`, async () => {
    const stub = newCartStub();
    await stub.create();
    for (let n = 0; n < CART_MAX_LINES; n++) {
      const outcome = await stub.addItem(lookup(n), 1);
      expect(outcome.ok).toBe(true);
    }
    const full = await stub.addItem(lookup(CART_MAX_LINES), 1);
    expect(full).toMatchObject({ ok: false, error: { code: 'cart_full' } });
    expect(await stub.addItem(lookup(0), 1)).toMatchObject({ ok: true });
  });
});
