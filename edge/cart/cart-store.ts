/**
 * SQLite persistence of one cart inside its Durable Object. One header row plus one row per
 * line; writes are diffs against the previously loaded state, so a mutation touches only
 * the rows it changed.
 */
import { type AddedColumn, openTable } from '../lib/sqlite-schema';
import type { CartLine, CartState, CartStatus } from './cart-rules';
import type { CheckoutLock } from './checkout-rules';

/**
 * The tables of a new cart, with every column. A cart object holds no tables until its cart is
 * created (creating them costs more than anything else a new cart does, so it happens once).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS cart (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    cart_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'checking_out', 'converted')),
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    checkout_key TEXT,
    locked_at INTEGER,
    order_id TEXT,
    owner_id TEXT
  );
  CREATE TABLE IF NOT EXISTS cart_lines (
    variant_id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    position INTEGER NOT NULL
  );
`;

/**
 * Columns added after the first release, in order. Carts stored before them get them when
 * their object next starts: `ALTER TABLE … ADD COLUMN` only, so old rows stay valid (NULL = open).
 */
const ADDED_CART_COLUMNS: readonly AddedColumn[] = [
  ['checkout_key', 'TEXT'],
  ['locked_at', 'INTEGER'],
  ['order_id', 'TEXT'],
  ['owner_id', 'TEXT'],
];

type HeaderRow = {
  cart_id: string;
  status: string;
  currency: string;
  checkout_key: string | null;
  locked_at: number | null;
  order_id: string | null;
  owner_id: string | null;
};
type LineRow = {
  variant_id: string;
  product_id: string;
  title: string;
  quantity: number;
  unit_amount: number;
  currency: string;
};

const STATUSES: readonly CartStatus[] = ['open', 'checking_out', 'converted'];

function toStatus(value: string): CartStatus {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw new Error(`Corrupt cart status ${JSON.stringify(value)}`);
  return status;
}

/** Creates the tables for a new cart (after `deleteAll()` too); a no-op when they exist. */
export function createCartSchema(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * On an object's start: whether it holds a cart's tables, upgrading tables stored by an
 * earlier release. A new object answers with one read of the catalog, no DDL.
 */
export function openCartSchema(sql: SqlStorage): boolean {
  return openTable(sql, 'cart', ADDED_CART_COLUMNS);
}

function toCheckoutLock(row: HeaderRow): CheckoutLock | null {
  if (row.locked_at === null) return null;
  return { key: row.checkout_key, lockedAt: row.locked_at, orderId: row.order_id };
}

/** When the stored cart last changed (ms), or null when there is none. */
export function cartChangedAt(sql: SqlStorage): number | null {
  return (
    sql.exec<{ updated_at: number }>('SELECT updated_at FROM cart WHERE singleton = 1').toArray()[0]?.updated_at ?? null
  );
}

/** The stored cart, or null when this object never held one (or it expired). */
export function loadCart(sql: SqlStorage): CartState | null {
  const header = sql
    .exec<HeaderRow>(
      'SELECT cart_id, status, currency, checkout_key, locked_at, order_id, owner_id FROM cart WHERE singleton = 1',
    )
    .toArray()[0];
  if (!header) return null;
  const lines = sql
    .exec<LineRow>(
      'SELECT variant_id, product_id, title, quantity, unit_amount, currency FROM cart_lines ORDER BY position',
    )
    .toArray()
    .map(
      (row): CartLine => ({
        variantId: row.variant_id,
        productId: row.product_id,
        title: row.title,
        quantity: row.quantity,
        unitPrice: { amount: row.unit_amount, currency: row.currency },
      }),
    );
  return {
    id: header.cart_id,
    status: toStatus(header.status),
    checkout: toCheckoutLock(header),
    currency: header.currency,
    lines,
    ownerId: header.owner_id ?? null,
  };
}

/**
 * Persists `next`. Lines are compared by identity with `previous`: the pure rules keep
 * untouched line objects, so only added, changed and removed lines are written. Call inside
 * `transactionSync` so the header and lines change together.
 */
export function saveCart(sql: SqlStorage, previous: CartState | null, next: CartState, now: number): void {
  sql.exec(
    `INSERT INTO cart (singleton, cart_id, status, currency, created_at, updated_at, checkout_key, locked_at, order_id,
       owner_id)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
       checkout_key = excluded.checkout_key, locked_at = excluded.locked_at, order_id = excluded.order_id,
       owner_id = excluded.owner_id`,
    next.id,
    next.status,
    next.currency,
    now,
    now,
    next.checkout?.key ?? null,
    next.checkout?.lockedAt ?? null,
    next.checkout?.orderId ?? null,
    next.ownerId,
  );
  const before = new Map((previous?.lines ?? []).map((l) => [l.variantId, l]));
  for (const line of next.lines) {
    const old = before.get(line.variantId);
    before.delete(line.variantId);
    if (old === line) continue;
    sql.exec(
      `INSERT INTO cart_lines (variant_id, product_id, title, quantity, unit_amount, currency, position)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM cart_lines))
       ON CONFLICT (variant_id) DO UPDATE SET product_id = excluded.product_id, title = excluded.title,
         quantity = excluded.quantity, unit_amount = excluded.unit_amount, currency = excluded.currency`,
      line.variantId,
      line.productId,
      line.title,
      line.quantity,
      line.unitPrice.amount,
      line.unitPrice.currency,
    );
  }
  for (const variantId of before.keys()) sql.exec('DELETE FROM cart_lines WHERE variant_id = ?', variantId);
}
