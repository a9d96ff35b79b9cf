import { catalogReader, staleHeader, variantBuiltAt } from '../catalog/catalog-cache';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { ApiError, errorResponse } from '../lib/errors';
import { requireJson, router } from '../lib/openapi';
import { viewerOf } from '../lib/session';
import { accountStub } from './account-stub';
import { addItemRoute, createCartRoute, getCartRoute, removeItemRoute, setQuantityRoute } from './cart.api';
import type { CartOutcome } from './cart-object';
import { cartStub } from './cart-stub';
import { cartCookie } from './cookie';

// The cookie is re-issued on every successful write so it lives as long as the cart's alarm.
function setCartCookie(c: AppContext, cartId: string): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  c.header('set-cookie', cartCookie(cartId, readConfig(c.env).cartTtlSeconds, secure));
}

function respond(c: AppContext, outcome: CartOutcome) {
  if (!outcome.ok) return errorResponse(c, outcome.error.code, outcome.error.message);
  setCartCookie(c, outcome.cart.id);
  return c.json(outcome.cart, 200);
}

/**
 * Cart routes of the shopper API (docs/api.md): thin adapters from HTTP to the cart's Durable Object RPC. Every call
 * names the viewer (the signed-in customer, or null), so a customer's cart answers only them.
 */
export const cartRoutes = router()
  .openapi(createCartRoute, async (c) => {
    const viewer = await viewerOf(c);
    // A signed-in shopper has one open cart: theirs is returned (created when they have none).
    const cart = viewer
      ? await accountStub(c, viewer).openCart()
      : await c.env.CART.get(c.env.CART.newUniqueId()).create();
    setCartCookie(c, cart.id);
    c.header('location', `/api/carts/${cart.id}`);
    return c.json(cart, 201);
  })
  .openapi(getCartRoute, async (c) => {
    const cart = await cartStub(c, c.req.valid('param').id).get(await viewerOf(c));
    if (!cart) throw new ApiError('cart_not_found', 'No such cart');
    return c.json(cart, 200);
  })
  .openapi({ ...addItemRoute, middleware: requireJson }, async (c) => {
    const stub = cartStub(c, c.req.valid('param').id);
    const { variantId, quantity } = c.req.valid('json');
    // Priced here, in the shopper's isolate with its warm L1, rather than inside the object.
    const [variant, viewer] = await Promise.all([catalogReader(c).variant(variantId), viewerOf(c)]);
    staleHeader(c, [variantBuiltAt(variant)]);
    return respond(c, await stub.addItem(variant, quantity, viewer));
  })
  .openapi({ ...setQuantityRoute, middleware: requireJson }, async (c) => {
    const { id, variantId } = c.req.valid('param');
    const stub = cartStub(c, id);
    const { quantity } = c.req.valid('json');
    const [variant, viewer] = await Promise.all([
      quantity > 0 ? catalogReader(c).variant(variantId) : null,
      viewerOf(c),
    ]);
    staleHeader(c, [variantBuiltAt(variant)]);
    return respond(c, await stub.setQuantity(variantId, quantity, variant, viewer));
  })
  .openapi(removeItemRoute, async (c) => {
    const { id, variantId } = c.req.valid('param');
    return respond(c, await cartStub(c, id).removeItem(variantId, await viewerOf(c)));
  });
