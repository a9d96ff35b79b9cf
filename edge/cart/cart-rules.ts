/**
 * The cart's rules as pure functions over plain data: no storage, no HTTP. The Durable
 * Object loads a `CartState`, applies one of these and persists the result.
 */
import type { Money, VariantLookup } from '../../contract/catalog';

export type CartStatus = 'open' | 'checking_out' | 'converted';

export interface CartLine {
  variantId: string;
  productId: string;
  title: string;
  quantity: number;
  /** Catalog price when the shopper last added this variant (display only; the origin re-prices). */
  unitPrice: Money;
}

/** The checkout attempt holding the cart (`checking_out`) or the one that converted it. */
export interface CheckoutLock {
  /** The attempt's Idempotency-Key; null when the origin reported an order under a key this cart never saw. */
  key: string | null;
  /** When the key took the lock (ms since the epoch); an older lock than the lock TTL may be taken over. */
  lockedAt: number;
  /** The origin's order id, once converted (null while locked or when converted elsewhere). */
  orderId: string | null;
}

export interface CartState {
  id: string;
  status: CartStatus;
  /** Null while the cart is open. */
  checkout: CheckoutLock | null;
  /** The store currency when the cart was created; every line must use it. */
  currency: string;
  /** In the order the shopper first added them. */
  lines: CartLine[];
  /**
   * The customer whose cart this is, or null for a guest cart. A guest cart is reached by its
   * id alone (256 random bits, held in the shopper's cookie); an owned cart only with that
   * customer's session, so its id leaking (a shared link, a log) reveals nothing.
   */
  ownerId: string | null;
}

export interface CartLimits {
  maxLineQuantity: number;
  maxLines: number;
}

/** `Cart` of the shopper API (docs/api.md). */
export interface Cart {
  id: string;
  status: CartStatus;
  lines: Array<CartLine & { lineTotal: Money }>;
  totals: { subtotal: Money; itemCount: number };
}

export type CartErrorCode =
  | 'cart_not_found'
  | 'cart_converted'
  | 'cart_locked'
  | 'cart_empty'
  | 'variant_not_found'
  | 'line_not_found'
  | 'invalid_quantity'
  | 'quantity_limit_exceeded'
  | 'out_of_stock'
  | 'cart_full'
  | 'currency_mismatch';

export interface CartError {
  code: CartErrorCode;
  message: string;
}

export type CartChange = { ok: true; state: CartState } | { ok: false; error: CartError };

export const fail = (code: CartErrorCode, message: string): CartChange => ({ ok: false, error: { code, message } });

/** A new, empty, open cart. */
export function newCart(id: string, currency: string, ownerId: string | null = null): CartState {
  return { id, status: 'open', checkout: null, currency, lines: [], ownerId };
}

/**
 * Whether `viewer` (a customer id, or null for an anonymous shopper) may see the cart: anyone
 * holding a guest cart's id, only its owner for an owned one. Callers answer `cart_not_found`
 * otherwise, never revealing that the cart exists.
 */
export function visibleTo(state: CartState, viewer: string | null): boolean {
  return state.ownerId === null || state.ownerId === viewer;
}

/** A guest cart becomes `ownerId`'s (on login). Only an open guest cart can be claimed. */
export function claimCart(state: CartState, ownerId: string): CartChange {
  if (state.ownerId !== null && state.ownerId !== ownerId) return fail('cart_not_found', 'No such cart');
  const refused = refuseUnlessOpen(state);
  if (refused) return refused;
  return state.ownerId === ownerId ? { ok: true, state } : { ok: true, state: { ...state, ownerId } };
}

/**
 * Merges a guest cart's lines into this one (on login): quantities of a variant in both add up,
 * capped at the per-line limit; new variants join at the end while there is room. Stock is not
 * re-checked here (the lines were within stock when added, and checkout reserves for real);
 * each merged line keeps the price its shopper last saw.
 */
export function mergeLines(state: CartState, incoming: readonly CartLine[], limits: CartLimits): CartChange {
  const refused = refuseUnlessOpen(state);
  if (refused) return refused;
  const lines = [...state.lines];
  for (const line of incoming) {
    if (line.unitPrice.currency !== state.currency) continue;
    const at = lines.findIndex((l) => l.variantId === line.variantId);
    if (at >= 0) {
      const existing = lines[at] as CartLine;
      lines[at] = { ...existing, quantity: Math.min(limits.maxLineQuantity, existing.quantity + line.quantity) };
    } else if (lines.length < limits.maxLines) {
      lines.push({ ...line, quantity: Math.min(limits.maxLineQuantity, line.quantity) });
    }
  }
  return { ok: true, state: { ...state, lines } };
}

function refuseUnlessOpen(state: CartState): CartChange | null {
  if (state.status === 'converted') return fail('cart_converted', 'This cart has already been turned into an order');
  if (state.status === 'checking_out') return fail('cart_locked', 'This cart is being checked out');
  return null;
}

function checkQuantity(quantity: number, limits: CartLimits): CartChange | null {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    return fail('invalid_quantity', 'quantity must be a positive integer');
  }
  if (quantity > limits.maxLineQuantity) {
    return fail('quantity_limit_exceeded', `At most ${limits.maxLineQuantity} of one item per cart`);
  }
  return null;
}

function checkStock(variant: VariantLookup, quantity: number): CartChange | null {
  if (quantity <= variant.availableQuantity) return null;
  return fail(
    'out_of_stock',
    variant.availableQuantity > 0
      ? `Only ${variant.availableQuantity} of ${variant.title} available`
      : `${variant.title} is out of stock`,
  );
}

/**
 * Adds `quantity` of a variant, merging into an existing line. The line takes the current
 * catalog price and title, which is what the shopper just saw. The resulting line quantity
 * must respect the per-line limit and the snapshot's available quantity.
 */
export function addLine(
  state: CartState,
  variant: VariantLookup | null,
  quantity: number,
  limits: CartLimits,
): CartChange {
  const refused = refuseUnlessOpen(state) ?? checkQuantity(quantity, limits);
  if (refused) return refused;
  if (!variant) return fail('variant_not_found', 'No such variant for sale');
  if (variant.price.currency !== state.currency) {
    return fail('currency_mismatch', `This cart is priced in ${state.currency}`);
  }
  const existing = state.lines.find((l) => l.variantId === variant.variantId);
  if (!existing && state.lines.length >= limits.maxLines) {
    return fail('cart_full', `A cart holds at most ${limits.maxLines} different items`);
  }
  const total = (existing?.quantity ?? 0) + quantity;
  const invalid = checkQuantity(total, limits) ?? checkStock(variant, total);
  if (invalid) return invalid;

  const line: CartLine = {
    variantId: variant.variantId,
    productId: variant.productId,
    title: variant.title,
    quantity: total,
    unitPrice: { amount: variant.price.amount, currency: variant.price.currency },
  };
  const lines = existing ? state.lines.map((l) => (l === existing ? line : l)) : [...state.lines, line];
  return { ok: true, state: { ...state, lines } };
}

/**
 * Sets a line's quantity; 0 removes it. An increase needs the variant's snapshot and must fit
 * its stock; a decrease never does, so a shopper can always shrink a line even after the
 * product left the catalog. The line keeps its price: only adding again refreshes it.
 */
export function setLineQuantity(
  state: CartState,
  variantId: string,
  quantity: number,
  variant: VariantLookup | null,
  limits: CartLimits,
): CartChange {
  const refused = refuseUnlessOpen(state);
  if (refused) return refused;
  const existing = state.lines.find((l) => l.variantId === variantId);
  if (!existing) return fail('line_not_found', 'This cart has no line for that variant');
  if (quantity === 0) return { ok: true, state: { ...state, lines: state.lines.filter((l) => l !== existing) } };
  const invalid = checkQuantity(quantity, limits);
  if (invalid) return invalid;
  if (quantity > existing.quantity) {
    if (!variant) return fail('variant_not_found', 'No such variant for sale');
    const noStock = checkStock(variant, quantity);
    if (noStock) return noStock;
  }
  const lines = state.lines.map((l) => (l === existing ? { ...l, quantity } : l));
  return { ok: true, state: { ...state, lines } };
}

/** Removes a line. Removing a line that is not there is a no-op, so retries are safe. */
export function removeLine(state: CartState, variantId: string): CartChange {
  const refused = refuseUnlessOpen(state);
  if (refused) return refused;
  return { ok: true, state: { ...state, lines: state.lines.filter((l) => l.variantId !== variantId) } };
}

/** The public `Cart`: line totals and the subtotal in integer minor units. */
export function toCart(state: CartState): Cart {
  let subtotal = 0;
  let itemCount = 0;
  const lines = state.lines.map((l) => {
    const lineTotal = l.unitPrice.amount * l.quantity;
    subtotal += lineTotal;
    itemCount += l.quantity;
    return {
      variantId: l.variantId,
      productId: l.productId,
      title: l.title,
      quantity: l.quantity,
      unitPrice: { amount: l.unitPrice.amount, currency: l.unitPrice.currency },
      lineTotal: { amount: lineTotal, currency: l.unitPrice.currency },
    };
  });
  return {
    id: state.id,
    status: state.status,
    lines,
    totals: { subtotal: { amount: subtotal, currency: state.currency }, itemCount },
  };
}
