/**
 * `GET /api/carts/:id/payment-methods?country=XX`: which payment methods the shopper may choose
 * for this cart when shipping to `country` (cash on delivery has countries and a ceiling the
 * merchant sets). Judged on the cart's subtotal; the origin checks the final total again at
 * checkout, so this is guidance for the page, never a promise.
 */

import { z } from 'zod';
import { cartStub } from '../cart/cart-stub';
import { readConfig } from '../lib/config';
import { ApiError, errorResponse } from '../lib/errors';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { router } from '../lib/openapi';
import { viewerOf } from '../lib/session';
import { failureReason, signedOriginFetch } from '../lib/signed-fetch';
import { paymentMethodsRoute } from './checkout.api';

const Answer = z.object({ items: z.array(z.enum(['card', 'cod'])) });

export const paymentMethodRoutes = router().openapi({ ...paymentMethodsRoute, middleware: noStore }, async (c) => {
  const query = { data: c.req.valid('query') };
  const cart = await cartStub(c, c.req.valid('param').id).get(await viewerOf(c));
  if (!cart) throw new ApiError('cart_not_found', 'No such cart');
  const subtotal = cart.totals.subtotal;
  const config = readConfig(c.env);
  const pathAndQuery = `/internal/payment-methods?${new URLSearchParams({
    country: query.data.country,
    amount: String(subtotal.amount),
    currency: subtotal.currency,
  })}`;
  try {
    const res = await signedOriginFetch(config, {
      method: 'GET',
      pathAndQuery,
      requestId: c.get('requestId'),
      timeoutMs: 5_000,
    });
    const parsed = Answer.safeParse(res.ok ? await res.json() : null);
    if (parsed.success) return c.json({ items: parsed.data.items, basis: { subtotal } }, 200);
    logger.error('payment-methods: unexpected origin answer', { requestId: c.get('requestId'), status: res.status });
  } catch (err) {
    logger.error('payment-methods: origin unreachable', { requestId: c.get('requestId'), reason: failureReason(err) });
  }
  return errorResponse(c, 'origin_unavailable', 'The payment methods cannot be read right now; try again');
});
