import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { VariantLookup } from '../../contract/catalog';
import type { CartObject } from './cart-object';

const LOCK_TTL_MS = 60_000;
const CART_TTL_MS = 604800 * 1000;

const lookup: VariantLookup = {
  variantId: 'var_1',
  productId: 'prod_1',
  productSlug: 'p-1',
  title: 'Product 1 — One',
  sku: 'SKU-1',
  price: { amount: 1200, currency: 'USD' },
  availableQuantity: 10,
};

async function cartWithLine(): Promise<DurableObjectStub<CartObject>> {
  const stub = env.CART.get(env.CART.newUniqueId());
  await stub.create();
  await stub.addItem(lookup, 2);
  return stub;
}

type Row = { status: string; checkout_key: string | null; locked_at: number | null; order_id: string | null };

const headerRow = (stub: DurableObjectStub<CartObject>) =>
  runInDurableObject(
    stub,
    (_instance, state) =>
      state.storage.sql.exec<Row>('SELECT status, checkout_key, locked_at, order_id FROM cart').toArray()[0],
  );

/** Moves the cart's last change a full TTL into the past: only a lock can keep it now. */
async function idleForTtl(stub: DurableObjectStub<CartObject>): Promise<void> {
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec('UPDATE cart SET updated_at = updated_at - ?', CART_TTL_MS);
  });
}

async function ageLock(stub: DurableObjectStub<CartObject>, ms: number): Promise<void> {
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec('UPDATE cart SET locked_at = locked_at - ?', ms);
  });
  await evictDurableObject(stub);
}

describe('CartObject checkout lock', () => {
  it('returns the cart with its priced lines when it takes the lock, and persists the lock', async () => {
    const stub = await cartWithLine();
    const before = Date.now();
    const begun = await stub.beginCheckout('k1');
    expect(begun).toMatchObject({
      ok: true,
      cart: { status: 'checking_out', lines: [{ variantId: 'var_1', quantity: 2, unitPrice: { amount: 1200 } }] },
    });
    const row = await headerRow(stub);
    expect(row).toMatchObject({ status: 'checking_out', checkout_key: 'k1', order_id: null });
    expect(row?.locked_at).toBeGreaterThanOrEqual(before);
  });

  it('keeps the lock and its key across an eviction', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    await evictDurableObject(stub);
    expect(await stub.beginCheckout('k2')).toMatchObject({ ok: false, error: { code: 'cart_locked' } });
    expect(await stub.beginCheckout('k1')).toMatchObject({ ok: true });
    expect(await stub.addItem(lookup, 1)).toMatchObject({ ok: false, error: { code: 'cart_locked' } });
  });

  it('lets another key take over a lock older than the lock TTL', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    await ageLock(stub, LOCK_TTL_MS + 1);
    expect(await stub.beginCheckout('k2')).toMatchObject({ ok: true });
    expect(await headerRow(stub)).toMatchObject({ checkout_key: 'k2' });
  });

  it('stores the order id on completion and refuses every later change', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    expect(await stub.completeCheckout('k1', 'ord_1')).toMatchObject({ ok: true, cart: { status: 'converted' } });
    await evictDurableObject(stub);
    expect(await headerRow(stub)).toMatchObject({ status: 'converted', checkout_key: 'k1', order_id: 'ord_1' });
    expect(await stub.addItem(lookup, 1)).toMatchObject({ ok: false, error: { code: 'cart_converted' } });
    expect(await stub.removeItem('var_1')).toMatchObject({ ok: false, error: { code: 'cart_converted' } });
    expect(await stub.abortCheckout('k1')).toMatchObject({ ok: true, cart: { status: 'converted' } });
  });

  it('reopens on abort by the lock holder only', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    expect(await stub.abortCheckout('k2')).toMatchObject({ ok: true, cart: { status: 'checking_out' } });
    expect(await stub.abortCheckout('k1')).toMatchObject({ ok: true, cart: { status: 'open' } });
    expect(await headerRow(stub)).toEqual({ status: 'open', checkout_key: null, locked_at: null, order_id: null });
    expect(await stub.addItem(lookup, 1)).toMatchObject({ ok: true });
  });

  it('answers cart_not_found to checkout of a cart that was never created', async () => {
    const stub = env.CART.get(env.CART.newUniqueId());
    expect(await stub.beginCheckout('k1')).toMatchObject({ ok: false, error: { code: 'cart_not_found' } });
  });
});

describe('CartObject expiry during checkout', () => {
  it('postpones expiry while a fresh lock is held, even for a cart idle for the TTL', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    await idleForTtl(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.get()).toMatchObject({ status: 'checking_out' });
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now());
  });

  it('deletes a cart whose lock went stale, once idle for the TTL', async () => {
    const stub = await cartWithLine();
    await stub.beginCheckout('k1');
    await ageLock(stub, LOCK_TTL_MS + 1);
    await idleForTtl(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.get()).toBeNull();
  });
});

describe('cart schema migration', () => {
  const cartTables = (stub: DurableObjectStub<CartObject>) =>
    runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'cart%' ORDER BY name",
        )
        .toArray()
        .map((r) => r.name),
    );

  it('creates no tables in an object until its cart is created, then every column at once', async () => {
    const stub = env.CART.get(env.CART.newUniqueId());
    expect(await stub.get()).toBeNull();
    expect(await cartTables(stub)).toEqual([]);
    expect(await stub.addItem(lookup, 1)).toMatchObject({ ok: false, error: { code: 'cart_not_found' } });
    expect(await cartTables(stub)).toEqual([]);

    await stub.create();
    expect(await cartTables(stub)).toEqual(['cart', 'cart_lines']);
    const columns = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ name: string }>('PRAGMA table_info(cart)')
        .toArray()
        .map((c) => c.name),
    );
    expect(columns).toEqual(expect.arrayContaining(['checkout_key', 'locked_at', 'order_id', 'owner_id']));
    await evictDurableObject(stub);
    expect(await stub.get()).toMatchObject({ status: 'open', lines: [] });
  });

  it('adds the checkout columns to a cart stored before they existed', async () => {
    const stub = await cartWithLine();
    await runInDurableObject(stub, (_instance, state) => {
      for (const column of ['checkout_key', 'locked_at', 'order_id']) {
        state.storage.sql.exec(`ALTER TABLE cart DROP COLUMN ${column}`);
      }
    });
    await evictDurableObject(stub);

    expect(await stub.get()).toMatchObject({ status: 'open', lines: [{ variantId: 'var_1', quantity: 2 }] });
    expect(await stub.beginCheckout('k1')).toMatchObject({ ok: true });
    expect(await headerRow(stub)).toMatchObject({ status: 'checking_out', checkout_key: 'k1' });
  });
});
