import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { VariantSnapshot } from '../../contract/catalog';
import type { CheckoutBody } from '../../contract/orders';
import { durableIdOf } from '../../edge/cart/cart-id';
import type { CartObject } from '../../edge/cart/cart-object';
import type { Cart } from '../../edge/cart/cart-rules';
import { addItem, createCart, seedVariant } from './cart-helpers';
import { edgeFetch, jsonRequest } from './edge-fetch';

/** A valid card checkout body; `overrides` replace top-level fields. */
export function checkoutBody(overrides: Record<string, unknown> = {}): CheckoutBody & Record<string, unknown> {
  return {
    email: 'ada@example.com',
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Sq',
      city: 'London',
      postalCode: 'SW1Y 4JH',
      country: 'GB',
    },
    paymentMethod: 'card',
    card: { token: 'tok_sandbox_visa' },
    ...overrides,
  };
}

export function newIdempotencyKey(): string {
  return `idem-${crypto.randomUUID()}`;
}

/** `POST /api/carts/:id/checkout`; `key: null` sends no Idempotency-Key header. */
export function checkout(
  cartId: string,
  key: string | null,
  body: unknown = checkoutBody(),
  headers: Record<string, string> = {},
): Promise<Response> {
  const all = key === null ? headers : { 'idempotency-key': key, ...headers };
  return edgeFetch(`/api/carts/${cartId}/checkout`, jsonRequest('POST', body, all));
}

/** A cart holding `quantity` of one freshly published variant. */
export async function cartWithItem(quantity = 2): Promise<{ cart: Cart; variant: VariantSnapshot }> {
  const variant = await seedVariant({ price: { amount: 2500, currency: 'USD' } });
  const cart = await createCart();
  const res = await addItem(cart.id, variant.id, quantity);
  if (res.status !== 200) throw new Error(`add item: ${res.status} ${await res.text()}`);
  return { cart: await res.json<Cart>(), variant };
}

export async function getCart(cartId: string): Promise<Cart> {
  const res = await edgeFetch(`/api/carts/${cartId}`);
  if (res.status !== 200) throw new Error(`get cart: ${res.status} ${await res.text()}`);
  return res.json<Cart>();
}

export function cartStubOf(cartId: string): DurableObjectStub<CartObject> {
  const id = durableIdOf(env.CART, cartId);
  if (!id) throw new Error(`bad cart id ${cartId}`);
  return env.CART.get(id);
}

/** Backdates the stored checkout lock by `ms`, then evicts the object so it reloads from SQLite. */
export async function ageCheckoutLock(cartId: string, ms: number): Promise<void> {
  const stub = cartStubOf(cartId);
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec('UPDATE cart SET locked_at = locked_at - ?', ms);
  });
  await evictDurableObject(stub);
}
