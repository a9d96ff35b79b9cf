/**
 * The database itself, not the application, guarantees these: whatever code runs against it,
 * stock cannot go negative or be over-reserved and prices stay well-formed.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../contract/ids';
import { createTestDatabase } from '../test/support/db';
import type { Database, DatabaseHandle } from './client';
import { inventoryLevels, products, variantPrices, variants } from './schema';

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

interface PgError {
  code: string;
  constraint?: string;
}

function isPgError(value: unknown): value is PgError {
  return typeof value === 'object' && value !== null && typeof (value as PgError).code === 'string';
}

/** Awaits a statement that must fail and returns the PostgreSQL error under drizzle's wrapper. */
async function rejection(statement: PromiseLike<unknown>): Promise<PgError> {
  try {
    await statement;
  } catch (err) {
    for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) if (isPgError(e)) return e;
    throw err;
  }
  throw new Error('expected the database to reject the statement');
}

/** A product with one variant and no stock row, with fresh ids per test. */
async function freshVariant(): Promise<string> {
  const productId = newId('prod');
  const variantId = newId('var');
  await db.insert(products).values({ id: productId, slug: productId.toLowerCase(), title: 'Test product' });
  await db.insert(variants).values({ id: variantId, productId, sku: `SKU-${variantId}`, title: 'Default' });
  return variantId;
}

describe('inventory_levels constraints', () => {
  it('accepts zero stock and stock fully reserved', async () => {
    const a = await freshVariant();
    const b = await freshVariant();
    await db.insert(inventoryLevels).values([
      { variantId: a, onHand: 0, reserved: 0 },
      { variantId: b, onHand: 5, reserved: 5 },
    ]);
  });

  it('rejects a negative on_hand', async () => {
    const variantId = await freshVariant();
    const error = await rejection(db.insert(inventoryLevels).values({ variantId, onHand: -1 }));
    expect(error).toMatchObject({ code: '23514', constraint: 'inventory_on_hand_check' });
  });

  it('rejects a negative reserved', async () => {
    const variantId = await freshVariant();
    const error = await rejection(db.insert(inventoryLevels).values({ variantId, onHand: 3, reserved: -1 }));
    expect(error).toMatchObject({ code: '23514', constraint: 'inventory_reserved_check' });
  });

  it('rejects reserving more than is on hand, on insert and on update', async () => {
    const variantId = await freshVariant();
    expect(await rejection(db.insert(inventoryLevels).values({ variantId, onHand: 2, reserved: 3 }))).toMatchObject({
      code: '23514',
      constraint: 'inventory_reserved_check',
    });
    await db.insert(inventoryLevels).values({ variantId, onHand: 2, reserved: 1 });
    const overReserve = db
      .update(inventoryLevels)
      .set({ reserved: sql`${inventoryLevels.reserved} + 2` })
      .where(eq(inventoryLevels.variantId, variantId));
    expect(await rejection(overReserve)).toMatchObject({ code: '23514', constraint: 'inventory_reserved_check' });
    const [row] = await db.select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId));
    expect(row).toMatchObject({ onHand: 2, reserved: 1 });
  });

  it('rejects stock for a variant that does not exist', async () => {
    const error = await rejection(db.insert(inventoryLevels).values({ variantId: newId('var'), onHand: 1 }));
    expect(error.code).toBe('23503');
  });
});

describe('variant_prices constraints', () => {
  it('accepts a zero price and any three-letter upper-case currency', async () => {
    const variantId = await freshVariant();
    await db.insert(variantPrices).values([
      { variantId, currency: 'USD', amount: 0 },
      { variantId, currency: 'JPY', amount: 1500 },
    ]);
  });

  it('rejects a negative amount', async () => {
    const variantId = await freshVariant();
    const error = await rejection(db.insert(variantPrices).values({ variantId, currency: 'USD', amount: -1 }));
    expect(error).toMatchObject({ code: '23514', constraint: 'variant_prices_amount_check' });
  });

  it.each(['usd', 'US', 'EURO', '€', '', 'U1D'])('rejects the currency code %j', async (currency) => {
    const variantId = await freshVariant();
    const error = await rejection(db.insert(variantPrices).values({ variantId, currency, amount: 100 }));
    expect(error).toMatchObject({ code: '23514', constraint: 'variant_prices_currency_check' });
  });

  it('rejects a second price in the same currency for one variant', async () => {
    const variantId = await freshVariant();
    await db.insert(variantPrices).values({ variantId, currency: 'EUR', amount: 100 });
    const error = await rejection(db.insert(variantPrices).values({ variantId, currency: 'EUR', amount: 200 }));
    expect(error.code).toBe('23505');
  });
});

describe('catalog constraints', () => {
  it('rejects an unknown product status and a duplicate SKU', async () => {
    const id = newId('prod');
    const badStatus = db
      .insert(products)
      .values({ id, slug: id.toLowerCase(), title: 'x', status: 'deleted' as 'draft' });
    expect(await rejection(badStatus)).toMatchObject({ code: '23514', constraint: 'products_status_check' });
    const variantId = await freshVariant();
    const [existing] = await db.select().from(variants).where(eq(variants.id, variantId));
    const duplicate = db
      .insert(variants)
      .values({ id: newId('var'), productId: existing?.productId ?? '', sku: existing?.sku ?? '', title: 'Copy' });
    expect((await rejection(duplicate)).code).toBe('23505');
  });

  it('deletes variants, prices and stock with their product', async () => {
    const variantId = await freshVariant();
    await db.insert(variantPrices).values({ variantId, currency: 'USD', amount: 999 });
    await db.insert(inventoryLevels).values({ variantId, onHand: 4 });
    const [variant] = await db.select().from(variants).where(eq(variants.id, variantId));
    await db.delete(products).where(eq(products.id, variant?.productId ?? ''));
    expect(await db.select().from(variantPrices).where(eq(variantPrices.variantId, variantId))).toEqual([]);
    expect(await db.select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId))).toEqual([]);
  });
});
