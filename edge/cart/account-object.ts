/**
 * One Durable Object per customer account (named by the customer id), holding what the
 * account has at the edge: today, its open cart. All of an account's cart moves (login from
 * several tabs, a cart created while another logs in) run here one at a time, so a customer
 * never ends up with two open carts.
 */
import { DurableObject } from 'cloudflare:workers';
import { cartIdOf, durableIdOf } from './cart-id';
import type { CartObject } from './cart-object';
import type { Cart } from './cart-rules';

const CART_KEY = 'cart';

export class ShopperAccount extends DurableObject<Env> {
  #queue: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier one: RPC calls to carts would otherwise interleave here. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  #cart(cartId: string): DurableObjectStub<CartObject> | null {
    const id = durableIdOf(this.env.CART, cartId);
    return id ? this.env.CART.get(id) : null;
  }

  /** The account's cart while it is still usable (open or mid-checkout), else null. */
  async #current(customerId: string): Promise<{ stub: DurableObjectStub<CartObject>; cart: Cart } | null> {
    const cartId = await this.ctx.storage.get<string>(CART_KEY);
    const stub = cartId ? this.#cart(cartId) : null;
    const cart = stub ? await stub.get(customerId) : null;
    return stub && cart && cart.status !== 'converted' ? { stub, cart } : null;
  }

  async #createCart(customerId: string): Promise<Cart> {
    const id = this.env.CART.newUniqueId();
    const cart = await this.env.CART.get(id).create(customerId);
    await this.ctx.storage.put(CART_KEY, cartIdOf(id));
    return cart;
  }

  /** The account's open cart, created when it has none (its last one was ordered or expired). */
  openCart(customerId: string): Promise<Cart> {
    return this.#serial(async () => (await this.#current(customerId))?.cart ?? this.#createCart(customerId));
  }

  /**
   * On login: keeps the guest's cart. With no account cart, the guest cart becomes the
   * account's; with one, the guest lines are merged into it and the guest cart is emptied.
   * Returns the account's cart (null when there is neither), whatever became of the guest one:
   * a guest cart that is not open, or someone else's, is left alone.
   */
  adoptGuestCart(customerId: string, guestCartId: string | null): Promise<Cart | null> {
    return this.#serial(async () => {
      const current = await this.#current(customerId);
      const guest = guestCartId && guestCartId !== current?.cart.id ? this.#cart(guestCartId) : null;
      if (!current) {
        if (!guest) return null;
        const claimed = await guest.claim(customerId);
        if (!claimed.ok) return null;
        await this.ctx.storage.put(CART_KEY, claimed.cart.id);
        return claimed.cart;
      }
      // A locked account cart (a checkout in flight or of unknown outcome) takes no lines: the
      // guest cart is left as it is rather than emptied into a cart that would refuse them.
      if (!guest || current.cart.status !== 'open') return current.cart;
      const lines = await guest.takeLines();
      if (!lines?.length) return current.cart;
      const merged = await current.stub.mergeLines(lines, customerId);
      return merged.ok ? merged.cart : current.cart;
    });
  }
}
