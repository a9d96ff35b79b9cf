import { DurableObject } from 'cloudflare:workers';
import type { VariantLookup } from '../../contract/catalog';
import { readConfig } from '../lib/config';
import { cartIdOf } from './cart-id';
import {
  addLine,
  type Cart,
  type CartChange,
  type CartError,
  type CartLimits,
  type CartLine,
  type CartState,
  claimCart,
  mergeLines,
  newCart,
  removeLine,
  setLineQuantity,
  toCart,
  visibleTo,
} from './cart-rules';
import { cartChangedAt, createCartSchema, loadCart, openCartSchema, saveCart } from './cart-store';
import {
  abortCheckout,
  beginCheckout,
  completeCheckout,
  expiryPostponedUntil,
  markOrderedElsewhere,
} from './checkout-rules';

/** Distinct variants one cart may hold. */
export const CART_MAX_LINES = 100;

export type CartOutcome = { ok: true; cart: Cart } | { ok: false; error: CartError };

/**
 * One cart per object, so all mutations of a cart are serialised here. A thin shell: it
 * loads the state, applies a pure rule from cart-rules.ts, persists the diff and pushes the
 * expiry alarm. Expected refusals come back as values, never as thrown RPC errors.
 */
export class CartObject extends DurableObject<Env> {
  readonly #cartId: string;
  #state: CartState | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#cartId = cartIdOf(ctx.id);
    void ctx.blockConcurrencyWhile(async () => {
      this.#state = openCartSchema(ctx.storage.sql) ? loadCart(ctx.storage.sql) : null;
      // The alarm is written once, with the cart: should that write ever have been lost, the
      // cart would never expire. The next start of the object puts it back.
      if (this.#state && (await ctx.storage.getAlarm()) === null) {
        const changedAt = cartChangedAt(ctx.storage.sql) ?? Date.now();
        await ctx.storage.setAlarm(changedAt + readConfig(env).cartTtlSeconds * 1000);
      }
    });
  }

  /**
   * Creates the cart (a guest cart, or `ownerId`'s); calling it again returns the existing cart
   * unchanged.
   */
  async create(ownerId: string | null = null): Promise<Cart> {
    if (this.#state) return toCart(this.#state);
    const state = newCart(this.#cartId, readConfig(this.env).storeCurrency, ownerId);
    await this.#commit(state);
    return toCart(state);
  }

  /**
   * The cart, or null when it was never created, has expired, or is someone else's. `viewer`
   * is the signed-in customer's id (null: anonymous); every shopper-facing method takes it.
   */
  get(viewer: string | null = null): Cart | null {
    return this.#state && visibleTo(this.#state, viewer) ? toCart(this.#state) : null;
  }

  /** Adds `quantity` of a variant; `variant` is the caller's catalog lookup (null: not for sale). */
  addItem(variant: VariantLookup | null, quantity: number, viewer: string | null = null): Promise<CartOutcome> {
    return this.#mutate(viewer, (state) => addLine(state, variant, quantity, this.#limits()));
  }

  /** Sets a line's quantity (0 removes it); `variant` is needed only to increase it. */
  setQuantity(
    variantId: string,
    quantity: number,
    variant: VariantLookup | null,
    viewer: string | null = null,
  ): Promise<CartOutcome> {
    return this.#mutate(viewer, (state) => setLineQuantity(state, variantId, quantity, variant, this.#limits()));
  }

  removeItem(variantId: string, viewer: string | null = null): Promise<CartOutcome> {
    return this.#mutate(viewer, (state) => removeLine(state, variantId));
  }

  /** Locks the cart for the checkout attempt `key` and returns the cart to forward (see checkout-rules). */
  beginCheckout(key: string, viewer: string | null = null): Promise<CartOutcome> {
    return this.#mutate(viewer, (state) =>
      beginCheckout(state, key, Date.now(), readConfig(this.env).checkoutLockTtlMs),
    );
  }

  /** Makes an open guest cart `ownerId`'s (login keeps the guest's cart). */
  claim(ownerId: string): Promise<CartOutcome> {
    return this.#mutate(ownerId, (state) => claimCart(state, ownerId));
  }

  /**
   * Empties an open guest cart into another one (login with an account cart already open): the
   * lines come back and this cart is gone, so the guest's cookie no longer reaches them. Null
   * when there is nothing to take (no cart, an owned one, or one not open).
   */
  async takeLines(): Promise<CartLine[] | null> {
    const state = this.#state;
    if (!state || state.ownerId !== null || state.status !== 'open') return null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#state = null;
    return state.lines;
  }

  /** Adds a guest cart's lines to this (owned) cart; see `mergeLines`. */
  mergeLines(lines: CartLine[], viewer: string): Promise<CartOutcome> {
    return this.#mutate(viewer, (state) => mergeLines(state, lines, this.#limits()));
  }

  /** The origin placed order `orderId` for `key`: the cart is converted for good. */
  completeCheckout(key: string, orderId: string): Promise<CartOutcome> {
    return this.#mutate(undefined, (state) => completeCheckout(state, key, orderId, Date.now()));
  }

  /** The origin refused `key`'s attempt: reopens the cart if that key still holds the lock. */
  abortCheckout(key: string): Promise<CartOutcome> {
    return this.#mutate(undefined, (state) => abortCheckout(state, key));
  }

  /** The origin's refusal proved the cart already has an order (see checkout-rules). */
  markOrderedElsewhere(): Promise<CartOutcome> {
    return this.#mutate(undefined, (state) => markOrderedElsewhere(state, Date.now()));
  }

  /**
   * Expiry: an abandoned cart (no change for the whole TTL) disappears entirely, so it reads as
   * never created. The alarm is set once, when the cart is created, not on every change: when
   * it fires for a cart changed since, it moves itself to a TTL after that change. A cart whose
   * checkout attempt holds a fresh lock is kept: that attempt's outcome is not known yet.
   */
  override async alarm(): Promise<void> {
    const config = readConfig(this.env);
    const now = Date.now();
    const ttlMs = config.cartTtlSeconds * 1000;
    const changedAt = this.#state ? cartChangedAt(this.ctx.storage.sql) : null;
    if (changedAt !== null && changedAt + ttlMs > now) {
      await this.ctx.storage.setAlarm(changedAt + ttlMs);
      return;
    }
    const postponeTo = expiryPostponedUntil(this.#state, now, config.checkoutLockTtlMs, ttlMs);
    if (postponeTo !== null) {
      await this.ctx.storage.setAlarm(postponeTo);
      return;
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#state = null;
  }

  #limits(): CartLimits {
    return { maxLineQuantity: readConfig(this.env).cartMaxLineQuantity, maxLines: CART_MAX_LINES };
  }

  /**
   * Applies `rule` for `viewer`; `undefined` skips the owner check, for the calls that settle a
   * checkout this object already let `viewer` begin.
   */
  async #mutate(viewer: string | null | undefined, rule: (state: CartState) => CartChange): Promise<CartOutcome> {
    if (!this.#state || (viewer !== undefined && !visibleTo(this.#state, viewer))) {
      return { ok: false, error: { code: 'cart_not_found', message: 'No such cart' } };
    }
    const change = rule(this.#state);
    if (!change.ok) return change;
    // The rules hand back the same object when nothing changed (e.g. a converted cart's retry).
    if (change.state !== this.#state) await this.#commit(change.state);
    return { ok: true, cart: toCart(change.state) };
  }

  // Every successful mutation records its time (`updated_at`), which pushes the expiry out by
  // the full TTL (see `alarm`); only a new cart writes the alarm itself.
  async #commit(next: CartState): Promise<void> {
    const { sql } = this.ctx.storage;
    const previous = this.#state;
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      // A new cart's first write creates its tables (the alarm's deleteAll() drops them again).
      if (!previous) createCartSchema(sql);
      saveCart(sql, previous, next, now);
    });
    this.#state = next;
    if (!previous) await this.ctx.storage.setAlarm(now + readConfig(this.env).cartTtlSeconds * 1000);
  }
}
