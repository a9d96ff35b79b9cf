/**
 * The shopper side of the authorization matrix: every route of the Worker × {anonymous,
 * shopper A, shopper B}, against A's cart, A's order and A's session. Generated from the app's
 * route table: a route without a row here fails the first test, so a new route cannot escape.
 * Shopper B (and anyone anonymous) never sees A's things: 404, the same answer as for things
 * that do not exist, never 403. (The staff side of the matrix is
 * origin/members/authorization-matrix.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthSession } from '../../contract/customers';
import type { CheckoutResponse } from '../../contract/orders';
import { addItem, createCart, seedVariant } from '../../test/edge/cart-helpers';
import { productFixture, publishOk, publishPayload, variantFixture } from '../../test/edge/catalog-fixtures';
import { checkoutBody, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch, jsonRequest } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { app } from '../app';
import type { Cart } from '../cart/cart-rules';

let fake: FakeOrigin;
beforeEach(() => {
  fake = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

type Who = 'anonymous' | 'A' | 'B';
const WHO: Who[] = ['anonymous', 'B', 'A']; // A last: its calls may change the fixture

interface World {
  a: AuthSession;
  b: AuthSession;
  /** A's open account cart with one line. */
  cartId: string;
  variantId: string;
  /** An order A placed while signed in (no order token used anywhere below). */
  orderId: string;
  /** The product of A's order, which A has reviewed already (the order is delivered). */
  productId: string;
  slug: string;
  /** A conversation A opened while signed in. */
  conversationId: string;
}

async function signUp(): Promise<AuthSession> {
  const res = await edgeFetch(
    '/api/auth/register',
    jsonRequest('POST', { email: `${crypto.randomUUID()}@example.com`, password: 'a long enough password' }),
  );
  return res.json<AuthSession>();
}

async function world(): Promise<World> {
  const [a, b] = [await signUp(), await signUp()];
  const variant = await seedVariant({ price: { amount: 1500, currency: 'USD' } });
  const asA = { authorization: `Bearer ${a.accessToken}` };
  // An order of A's, from one cart; then A's current cart, with a line.
  const ordered = await createCart();
  await addItem(ordered.id, variant.id, 1);
  await edgeFetch(
    '/api/auth/login',
    jsonRequest('POST', { email: a.customer.email, password: 'a long enough password', cartId: ordered.id }),
  );
  const placed = await edgeFetch(
    `/api/carts/${ordered.id}/checkout`,
    jsonRequest('POST', checkoutBody(), { ...asA, 'idempotency-key': newIdempotencyKey() }),
  );
  const { order } = await placed.json<CheckoutResponse>();
  const cart = await (await edgeFetch('/api/carts', { method: 'POST', headers: asA })).json<Cart>();
  await edgeFetch(`/api/carts/${cart.id}/items`, jsonRequest('POST', { variantId: variant.id, quantity: 1 }, asA));
  const product = productFixture({ variants: [variantFixture()] });
  await publishOk(publishPayload({ products: [product] }));
  const slug = product.slug;
  fake.reviewService.pages.set(slug, {
    items: [],
    nextCursor: null,
    summary: { average: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
  });
  const productId = order.lines[0]?.productId as string;
  fake.reviewService.delivered.add(order.id);
  fake.reviewService.reviews.set(`${order.id} ${productId}`, {
    id: 'rev_01MATRIX',
    productId,
    status: 'pending',
    rating: 4,
    title: null,
    body: null,
    authorName: 'A',
    verifiedPurchase: true,
    createdAt: new Date().toISOString(),
    reply: null,
  });
  const conversation = await edgeFetch('/api/conversations', jsonRequest('POST', { message: 'Hello' }, asA));
  const { id: conversationId } = await conversation.json<{ id: string }>();
  return { a, b, cartId: cart.id, variantId: variant.id, orderId: order.id, productId, slug, conversationId };
}

/** How a route must treat each caller. */
type Rule =
  /** Open to everyone: nobody is refused for who they are. */
  | { kind: 'public' }
  /** A's resource: A allowed, everyone else 404. */
  | { kind: 'owner' }
  /** The caller's own account: 401 anonymous, allowed for A and B (each sees only their own; a bad link is still a 400). */
  | { kind: 'session' }
  /** Not for shoppers at all (the origin's signed publish hook): refused for everyone. */
  | { kind: 'internal' }
  /** Opened only with a ticket (the conversation socket): without one, refused for everyone. */
  | { kind: 'ticket' }
  /** A storefront page reached only by the order link (its token): without it, 404 for everyone. */
  | { kind: 'link' };

interface Row {
  rule: Rule;
  request: (w: World) => { path: string; init?: RequestInit } | Promise<{ path: string; init?: RequestInit }>;
}

const json = (method: string, body: unknown) => jsonRequest(method, body);
const post = (body: unknown = {}) => json('POST', body);
/** A storefront form post (urlencoded, same site, not following the redirect). */
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual',
});

const ROUTES: Record<string, Row> = {
  'GET /api/products': { rule: { kind: 'public' }, request: () => ({ path: '/api/products' }) },
  'GET /api/products/:slug': { rule: { kind: 'public' }, request: (w) => ({ path: `/api/products/${w.slug}` }) },
  'GET /api/categories': { rule: { kind: 'public' }, request: () => ({ path: '/api/categories' }) },
  'GET /api/openapi.json': { rule: { kind: 'public' }, request: () => ({ path: '/api/openapi.json' }) },
  'GET /api/docs': { rule: { kind: 'public' }, request: () => ({ path: '/api/docs' }) },
  'GET /api/docs/assets/5.35.0/:file': {
    rule: { kind: 'public' },
    request: () => ({ path: '/api/docs/assets/5.35.0/reference.js' }),
  },
  'POST /api/carts': { rule: { kind: 'public' }, request: () => ({ path: '/api/carts', init: { method: 'POST' } }) },
  'GET /api/carts/:id': { rule: { kind: 'owner' }, request: (w) => ({ path: `/api/carts/${w.cartId}` }) },
  'POST /api/carts/:id/items': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/carts/${w.cartId}/items`, init: post({ variantId: w.variantId, quantity: 1 }) }),
  },
  'PATCH /api/carts/:id/items/:variantId': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/carts/${w.cartId}/items/${w.variantId}`, init: json('PATCH', { quantity: 1 }) }),
  },
  'DELETE /api/carts/:id/items/:variantId': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/carts/${w.cartId}/items/${w.variantId}`, init: { method: 'DELETE' } }),
  },
  'POST /api/carts/:id/checkout': {
    rule: { kind: 'owner' },
    request: (w) => ({
      path: `/api/carts/${w.cartId}/checkout`,
      init: jsonRequest('POST', checkoutBody(), { 'idempotency-key': newIdempotencyKey() }),
    }),
  },
  'GET /api/carts/:id/payment-methods': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/carts/${w.cartId}/payment-methods?country=GB` }),
  },
  'GET /api/orders/:id': { rule: { kind: 'owner' }, request: (w) => ({ path: `/api/orders/${w.orderId}` }) },
  'POST /api/orders/:id/payment': {
    rule: { kind: 'owner' },
    request: (w) => ({
      path: `/api/orders/${w.orderId}/payment`,
      init: jsonRequest(
        'POST',
        { paymentMethod: 'card', card: { token: 'tok_visa' } },
        { 'idempotency-key': newIdempotencyKey() },
      ),
    }),
  },
  'GET /api/orders/:id/tracking': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/orders/${w.orderId}/tracking` }),
  },
  'GET /api/products/:slug/reviews': {
    rule: { kind: 'public' },
    request: (w) => ({ path: `/api/products/${w.slug}/reviews` }),
  },
  'GET /api/orders/:id/reviews': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/orders/${w.orderId}/reviews` }),
  },
  'POST /api/orders/:id/reviews': {
    rule: { kind: 'owner' },
    // Another product than the one A reviewed already, so A's own attempt is a 201.
    request: (w) => ({ path: `/api/orders/${w.orderId}/reviews`, init: post({ productId: 'prod_OTHER1', rating: 5 }) }),
  },
  'PATCH /api/orders/:id/reviews/:productId': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/orders/${w.orderId}/reviews/${w.productId}`, init: json('PATCH', { rating: 2 }) }),
  },
  'PUT /api/orders/:id/delivery-rating': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/orders/${w.orderId}/delivery-rating`, init: json('PUT', { rating: 5 }) }),
  },
  'POST /api/conversations': {
    rule: { kind: 'public' },
    request: () => ({ path: '/api/conversations', init: post({}) }),
  },
  'GET /api/conversations/:id': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/conversations/${w.conversationId}` }),
  },
  'POST /api/conversations/:id/messages': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/conversations/${w.conversationId}/messages`, init: post({ body: 'Any news?' }) }),
  },
  'POST /api/conversations/:id/ticket': {
    rule: { kind: 'owner' },
    request: (w) => ({ path: `/api/conversations/${w.conversationId}/ticket`, init: { method: 'POST' } }),
  },
  'GET /api/conversations/:id/ws': {
    rule: { kind: 'ticket' },
    request: (w) => ({
      path: `/api/conversations/${w.conversationId}/ws`,
      init: { headers: { upgrade: 'websocket' } },
    }),
  },
  'POST /internal/conversations/:id/messages': {
    rule: { kind: 'internal' },
    request: (w) => ({
      path: `/internal/conversations/${w.conversationId}/messages`,
      init: post({ authorName: 'Mallory', body: 'Pay here' }),
    }),
  },
  'POST /internal/conversations/:id/status': {
    rule: { kind: 'internal' },
    request: (w) => ({ path: `/internal/conversations/${w.conversationId}/status`, init: post({ status: 'closed' }) }),
  },
  'GET /health': { rule: { kind: 'public' }, request: () => ({ path: '/health' }) },
  'GET /': { rule: { kind: 'public' }, request: () => ({ path: '/' }) },
  'GET /products/:slug': { rule: { kind: 'public' }, request: (w) => ({ path: `/products/${w.slug}` }) },
  'GET /cart': { rule: { kind: 'public' }, request: () => ({ path: '/cart' }) },
  'POST /cart/items': {
    rule: { kind: 'public' },
    request: (w) => ({ path: '/cart/items', init: form({ variantId: w.variantId, quantity: '1' }) }),
  },
  'POST /cart/items/:variantId': {
    rule: { kind: 'public' },
    request: (w) => ({ path: `/cart/items/${w.variantId}`, init: form({ quantity: '1' }) }),
  },
  'GET /checkout': { rule: { kind: 'public' }, request: () => ({ path: '/checkout', init: { redirect: 'manual' } }) },
  'POST /checkout': { rule: { kind: 'public' }, request: () => ({ path: '/checkout', init: form({}) }) },
  'GET /orders/:id': { rule: { kind: 'link' }, request: (w) => ({ path: `/orders/${w.orderId}` }) },
  'POST /orders/:id/reviews': {
    rule: { kind: 'link' },
    request: (w) => ({ path: `/orders/${w.orderId}/reviews`, init: form({ productId: w.productId, rating: '5' }) }),
  },
  'POST /orders/:id/payment': {
    rule: { kind: 'link' },
    request: (w) => ({
      path: `/orders/${w.orderId}/payment`,
      init: form({ key: newIdempotencyKey(), paymentMethod: 'card', cardToken: 'tok_visa' }),
    }),
  },
  'GET /support': { rule: { kind: 'public' }, request: () => ({ path: '/support' }) },
  'GET /assets/1/shop.css': { rule: { kind: 'public' }, request: () => ({ path: '/assets/1/shop.css' }) },
  'GET /assets/1/chat.js': { rule: { kind: 'public' }, request: () => ({ path: '/assets/1/chat.js' }) },
  'GET /api/me': { rule: { kind: 'session' }, request: () => ({ path: '/api/me' }) },
  'GET /api/me/orders': { rule: { kind: 'session' }, request: () => ({ path: '/api/me/orders' }) },
  'POST /api/me/orders/claim': {
    rule: { kind: 'session' },
    request: () => ({ path: '/api/me/orders/claim', init: post() }),
  },
  'POST /api/auth/register': {
    rule: { kind: 'public' },
    request: () => ({
      path: '/api/auth/register',
      init: post({ email: `${crypto.randomUUID()}@example.com`, password: 'a long enough password' }),
    }),
  },
  'POST /api/auth/login': {
    rule: { kind: 'public' },
    request: (w) => ({
      path: '/api/auth/login',
      init: post({ email: w.b.customer.email, password: 'a long enough password' }),
    }),
  },
  'POST /api/auth/refresh': {
    rule: { kind: 'public' },
    // Refresh tokens are single use: each caller brings a fresh one.
    request: async () => ({ path: '/api/auth/refresh', init: post({ refreshToken: (await signUp()).refreshToken }) }),
  },
  'POST /api/auth/logout': {
    rule: { kind: 'public' },
    request: (w) => ({ path: '/api/auth/logout', init: post({ refreshToken: w.b.refreshToken }) }),
  },
  'POST /api/auth/password': {
    rule: { kind: 'session' },
    request: () => ({
      path: '/api/auth/password',
      init: post({ currentPassword: 'a long enough password', newPassword: 'another long password' }),
    }),
  },
  'POST /api/auth/password-reset': {
    rule: { kind: 'public' },
    request: () => ({ path: '/api/auth/password-reset', init: post({ email: 'someone@example.com' }) }),
  },
  'POST /api/auth/password-reset/confirm': {
    rule: { kind: 'public' },
    request: () => ({
      path: '/api/auth/password-reset/confirm',
      init: post({ token: 'x', password: 'a long enough password' }),
    }),
  },
  'POST /api/auth/verify-email': {
    rule: { kind: 'session' },
    request: () => ({ path: '/api/auth/verify-email', init: post({ token: 'x' }) }),
  },
  'POST /api/auth/verify-email/resend': {
    rule: { kind: 'session' },
    request: () => ({ path: '/api/auth/verify-email/resend', init: post() }),
  },
  'POST /internal/catalog/publish': {
    rule: { kind: 'internal' },
    request: () => ({ path: '/internal/catalog/publish', init: post({ products: [] }) }),
  },
};

const routeTable = [
  ...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
].sort();

async function call(w: World, who: Who, row: Row): Promise<Response> {
  const { path, init = {} } = await row.request(w);
  const headers = new Headers(init.headers);
  if (who !== 'anonymous') headers.set('authorization', `Bearer ${(who === 'A' ? w.a : w.b).accessToken}`);
  return edgeFetch(path, { ...init, headers });
}

describe('shopper authorization matrix', () => {
  it('has a row for every route of the Worker, and no row for a route that is gone', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routeTable);
  });

  it.each(routeTable)('%s', async (route) => {
    const row = ROUTES[route] as Row;
    const w = await world();
    for (const who of WHO) {
      const res = await call(w, who, row);
      const status = res.status;
      const body = await res.text();
      const label = `${route} as ${who}: ${status} ${body.slice(0, 200)}`;
      switch (row.rule.kind) {
        case 'public':
          expect([401, 403, 404], label).not.toContain(status);
          expect(status, label).toBeLessThan(500);
          break;
        case 'owner':
          if (who === 'A') {
            expect(status, label).toBeGreaterThanOrEqual(200);
            expect(status, label).toBeLessThan(300);
          } else {
            expect(status, label).toBe(404);
            expect(body, label).not.toContain(w.cartId.slice(5));
          }
          break;
        case 'session':
          if (who === 'anonymous') expect(status, label).toBe(401);
          else {
            expect([401, 403, 404], label).not.toContain(status);
            expect(status, label).toBeLessThan(500);
            // B's own view never carries A's things.
            if (who === 'B') {
              expect(body, label).not.toContain(w.a.customer.id);
              expect(body, label).not.toContain(w.orderId);
            }
          }
          break;
        case 'internal':
        case 'ticket':
          expect(status, label).toBe(401);
          break;
        case 'link':
          expect(status, label).toBe(404);
          break;
      }
    }
  });
});
