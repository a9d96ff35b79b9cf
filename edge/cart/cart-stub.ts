import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';
import { durableIdOf } from './cart-id';
import type { CartObject } from './cart-object';

/** The cart's Durable Object stub; a malformed or foreign id is a 404 `cart_not_found`. */
export function cartStub(c: AppContext, cartId: string): DurableObjectStub<CartObject> {
  const id = durableIdOf(c.env.CART, cartId);
  if (!id) throw new ApiError('cart_not_found', 'No such cart');
  return c.env.CART.get(id);
}
