/**
 * The storefront: server-rendered pages over the same catalog cache, cart objects, checkout
 * workflow and order reads as the shopper API, with plain forms (Post/Redirect/Get), so every
 * step works without JavaScript. Pages act for a guest: the cart is the `cart_id` cookie, an
 * order is reached with its order link (`?token=`). A form posted from another site is refused.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Category, ProductPage } from '../../contract/catalog';
import { checkoutPaths, type ShopperOrder } from '../../contract/orders';
import { type OrderReviews, type ProductReviewsPage, ratingPaths } from '../../contract/rating';
import { type OrderTracking, trackingPaths } from '../../contract/tracking';
import type { CartOutcome } from '../cart/cart-object';
import { cartStub } from '../cart/cart-stub';
import { CART_COOKIE, cartCookie } from '../cart/cookie';
import { catalogReader, staleHeader, variantBuiltAt } from '../catalog/catalog-cache';
import { listQuerySchema, normalizeListQuery } from '../catalog/list-query';
import { SLUG_PATTERN } from '../catalog/slug';
import { CHECKOUT_RETRY_AFTER_SECONDS } from '../checkout/checkout-origin';
import { checkoutBodySchema } from '../checkout/checkout-schema';
import { placeOrder } from '../checkout/place-order';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { ApiError } from '../lib/errors';
import type { OrderCredential } from '../orders/order-origin';
import { reviewBodySchema } from '../rating/review-schema';
import { ASSET_VERSION, CHAT_SCRIPT, STYLESHEET } from './assets';
import { cartPage, checkoutPage } from './cart-pages';
import { listPage, type PublicProduct, productPage } from './catalog-pages';
import { errorText, form, MAX_FORM_BYTES, ORDER_ID, see, TOKEN } from './form-posts';
import { notFoundPage } from './layout';
import { orderCall } from './order-calls';
import { orderPage } from './order-pages';
import { orderPaymentPageRoutes } from './order-payment.routes';
import { supportPage } from './support-page';

const VARIANT_ID = /^[A-Za-z0-9_-]{1,200}$/;

function rememberCart(c: AppContext, cartId: string): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  c.header('set-cookie', cartCookie(cartId, readConfig(c.env).cartTtlSeconds, secure));
}

/**
 * The guest's cart from the cookie, or null (none yet, expired, or, unless `converted` is
 * asked for, already an order: a resubmitted checkout form needs that one to replay its order).
 */
async function currentCart(c: AppContext, options: { converted?: boolean } = {}) {
  const id = getCookie(c, CART_COOKIE);
  if (!id) return null;
  try {
    const cart = await cartStub(c, id).get(null);
    return cart && (options.converted || cart.status !== 'converted') ? { id, cart } : null;
  } catch {
    return null; // a malformed or foreign cookie
  }
}

/** An open cart for adding to: the cookie's, or a new one. */
async function openCart(c: AppContext) {
  const current = await currentCart(c);
  if (current && current.cart.status === 'open') return current.id;
  const cart = await c.env.CART.get(c.env.CART.newUniqueId()).create();
  rememberCart(c, cart.id);
  return cart.id;
}

const quantity = z.coerce.number().int().min(0).max(1000);

/**
 * Reviews are a nice-to-have on a product page: an origin that does not answer within this
 * long leaves them out rather than hold the page (which comes from the edge's copy).
 */
const PAGE_REVIEWS_DEADLINE_MS = 1_000;

export const pageRoutes = new Hono<AppEnv>()
  .use('/cart/*', bodyLimit({ maxSize: MAX_FORM_BYTES }))
  .use('/checkout', bodyLimit({ maxSize: MAX_FORM_BYTES }))
  .use('/orders/*', bodyLimit({ maxSize: MAX_FORM_BYTES }))
  .get(`/assets/${ASSET_VERSION}/shop.css`, (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  )
  .get(`/assets/${ASSET_VERSION}/chat.js`, (c) =>
    c.body(CHAT_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  )
  .get('/', async (c) => {
    const parsed = listQuerySchema.safeParse(c.req.query());
    const query = parsed.success ? parsed.data : {};
    const reader = catalogReader(c);
    const entries = await Promise.all([reader.productList(normalizeListQuery(query)), reader.categories()]);
    const page = JSON.parse(entries[0].body) as ProductPage;
    const categories = (JSON.parse(entries[1].body) as { items: Category[] }).items;
    const next = page.nextCursor
      ? new URLSearchParams({
          ...(query.category ? { category: query.category } : {}),
          ...(query.q ? { q: query.q } : {}),
          cursor: page.nextCursor,
        })
      : null;
    staleHeader(
      c,
      entries.map((e) => e.builtAt),
    );
    return c.html(
      listPage({ page, categories, category: query.category, q: query.q, nextHref: next ? `/?${next}` : null }),
    );
  })
  .get('/products/:slug', async (c) => {
    const slug = c.req.param('slug');
    const reader = catalogReader(c);
    const entry = SLUG_PATTERN.test(slug) ? await reader.product(slug) : null;
    if (!entry) return c.html(notFoundPage('We could not find that product.'), 404);
    // Reviews are a nice-to-have on the page: an origin hiccup must not take the product down.
    const reviews = await reader
      .reviews(slug, 'limit=5&sort=newest', PAGE_REVIEWS_DEADLINE_MS)
      .then((e) => (e ? (JSON.parse(e.body) as ProductReviewsPage) : null))
      .catch(() => null);
    staleHeader(c, [entry.builtAt]);
    return c.html(productPage(JSON.parse(entry.body) as PublicProduct, reviews, errorText(c.req.query('error'))));
  })
  .post('/cart/items', async (c) => {
    const fields = await form(c);
    const amount = quantity.safeParse(fields.quantity ?? '1');
    const from = fields.from && SLUG_PATTERN.test(fields.from) ? `/products/${fields.from}` : '/cart';
    if (!amount.success || amount.data < 1) return see(c, `${from}?error=invalid_quantity`);
    const variantId = fields.variantId ?? '';
    if (!VARIANT_ID.test(variantId)) return see(c, `${from}?error=variant_not_found`);
    const cartId = await openCart(c);
    const variant = await catalogReader(c).variant(variantId);
    staleHeader(c, [variantBuiltAt(variant)]);
    const outcome: CartOutcome = await cartStub(c, cartId).addItem(variant, amount.data, null);
    return see(c, outcome.ok ? '/cart' : `${from}?error=${outcome.error.code}`);
  })
  .post('/cart/items/:variantId', async (c) => {
    const fields = await form(c);
    const current = await currentCart(c);
    const amount = quantity.safeParse(fields.quantity);
    if (!current || !amount.success || !VARIANT_ID.test(c.req.param('variantId'))) {
      return see(c, '/cart?error=invalid_quantity');
    }
    const outcome = await cartStub(c, current.id).setQuantity(c.req.param('variantId'), amount.data, null);
    return see(c, outcome.ok ? '/cart' : `/cart?error=${outcome.error.code}`);
  })
  .get('/cart', async (c) => c.html(cartPage((await currentCart(c))?.cart ?? null, errorText(c.req.query('error')))))
  .get('/checkout', async (c) => {
    const current = await currentCart(c);
    if (!current || current.cart.lines.length === 0) return see(c, '/cart?error=cart_empty');
    return c.html(checkoutPage(current.cart, crypto.randomUUID()));
  })
  .post('/checkout', async (c) => {
    const fields = await form(c);
    const current = await currentCart(c, { converted: true });
    if (!current) return see(c, '/cart?error=cart_empty');
    const key = TOKEN.test(fields.key ?? '') ? (fields.key as string) : crypto.randomUUID();
    const again = (status: 400 | 409 | 422 | 503, code: string, headers: Record<string, string> = {}) =>
      c.html(checkoutPage(current.cart, key, fields, errorText(code)), status, headers);
    const body = checkoutBodySchema.safeParse({
      email: fields.email,
      paymentMethod: fields.paymentMethod,
      shippingAddress: {
        name: fields.name,
        line1: fields.line1,
        ...(fields.line2 ? { line2: fields.line2 } : {}),
        city: fields.city,
        postalCode: fields.postalCode,
        country: fields.country,
      },
      ...(fields.paymentMethod === 'card' ? { card: { token: fields.cardToken } } : {}),
    });
    if (!body.success) return again(400, 'invalid_request');
    const result = await placeOrder(
      { cart: cartStub(c, current.id), origin: readConfig(c.env), requestId: c.get('requestId'), viewer: null },
      key,
      body.data,
    );
    if (result.kind === 'placed') {
      const placed = JSON.parse(result.body) as {
        orderToken: string;
        payment: { nextAction: { url?: string } | null };
      };
      const next = placed.payment.nextAction?.url;
      return see(c, next ?? `/orders/${result.orderId}?token=${encodeURIComponent(placed.orderToken)}&placed=1`);
    }
    if (result.kind === 'refused') return again(result.status === 409 ? 409 : 422, result.code);
    if (result.kind === 'cart_refused') return again(409, result.error.code);
    // The same key on resubmission settles it.
    return again(503, 'checkout_unavailable', { 'retry-after': String(CHECKOUT_RETRY_AFTER_SECONDS) });
  })
  .get('/orders/:id', async (c) => {
    const id = c.req.param('id');
    const token = c.req.query('token') ?? '';
    const missing = () =>
      c.html(notFoundPage('That order link is not valid. Check the link in your confirmation.'), 404);
    if (!ORDER_ID.test(id) || !TOKEN.test(token)) return missing();
    const credential: OrderCredential = { kind: 'order_token', token };
    const [order, tracking, reviews] = await Promise.all([
      orderCall<ShopperOrder>(c, 'GET', checkoutPaths.order(id), credential),
      orderCall<OrderTracking>(c, 'GET', trackingPaths.orderTracking(id), credential),
      orderCall<OrderReviews>(c, 'GET', ratingPaths.orderReviews(id), credential),
    ]);
    if (order.status === 502)
      throw new ApiError('origin_unavailable', 'The order service is temporarily unavailable; try again');
    if (!order.body) return missing();
    return c.html(
      orderPage({
        order: order.body,
        token,
        paymentKeys: { card: crypto.randomUUID(), cod: crypto.randomUUID() },
        tracking: tracking.body,
        reviews: reviews.body,
        message: c.req.query('placed')
          ? 'Thank you! Your order is placed.'
          : c.req.query('reviewed')
            ? 'Thank you for your review.'
            : c.req.query('paid')
              ? 'Thank you! We have your new payment choice.'
              : undefined,
        error: errorText(c.req.query('error')),
      }),
    );
  })
  .post('/orders/:id/reviews', async (c) => {
    const fields = await form(c);
    const id = c.req.param('id');
    const token = c.req.query('token') ?? '';
    if (!ORDER_ID.test(id) || !TOKEN.test(token)) throw new ApiError('order_not_found', 'No such order');
    const back = `/orders/${id}?token=${encodeURIComponent(token)}`;
    const review = reviewBodySchema.safeParse({
      productId: fields.productId,
      rating: Number(fields.rating),
      title: fields.title || null,
      body: fields.body || null,
    });
    if (!review.success) return see(c, `${back}&error=invalid_request`);
    const answer = await orderCall(
      c,
      'POST',
      ratingPaths.orderReviews(id),
      { kind: 'order_token', token },
      review.data,
    );
    return see(c, answer.status === 201 ? `${back}&reviewed=1` : `${back}&error=${answer.code ?? 'invalid_request'}`);
  })
  .route('/', orderPaymentPageRoutes)
  .get('/support', (c) => c.html(supportPage()));
