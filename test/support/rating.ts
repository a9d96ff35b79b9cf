/**
 * Rating fixtures: delivered orders (moved along by the merchant's admin transitions, as a
 * shop without a carrier integration would) and the edge's signed calls to the review routes.
 */
import type { CheckoutResponse } from '../../contract/orders';
import type { OrderReviews, ShopperReview } from '../../contract/rating';
import { ratingPaths } from '../../contract/rating';
import { signInternalRequest } from '../../contract/signing';
import { checkoutRequest, postCheckout, stockedVariant } from './checkout';
import { INTERNAL_SECRET, type TestOrigin } from './origin';

export interface PlacedOrder {
  orderId: string;
  orderToken: string;
  productIds: string[];
}

/** A cash-on-delivery order of one unit of `products` fresh products (or of the given variants). */
export async function placedOrder(
  t: TestOrigin,
  products = 1,
  overrides: Parameters<typeof checkoutRequest>[1] = {},
  variants?: { id: string }[],
): Promise<PlacedOrder> {
  const chosen: { id: string }[] = variants ? [...variants] : [];
  for (let i = chosen.length; i < products; i++) chosen.push(await stockedVariant(t, 2500, 50));
  const lines = chosen.map((v) => ({ variantId: v.id, quantity: 1, unitPrice: 2500 }));
  const res = await postCheckout(t, checkoutRequest(lines, { paymentMethod: 'cod', ...overrides }));
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${await res.text()}`);
  const placed = (await res.json()) as CheckoutResponse;
  return {
    orderId: placed.order.id,
    orderToken: placed.orderToken,
    productIds: [...new Set(placed.order.lines.map((l) => l.productId))],
  };
}

/** Moves `orderId` to delivered through the admin API and lets the queue run (reviews open). */
export async function deliver(t: TestOrigin, orderId: string): Promise<void> {
  for (const to of ['fulfilling', 'shipped', 'delivered']) {
    const res = await t.admin('POST', `/admin/orders/${orderId}/transition`, { to });
    if (res.status !== 200) throw new Error(`transition to ${to}: ${res.status} ${await res.text()}`);
  }
  await t.drain();
}

export async function deliveredOrder(t: TestOrigin, products = 1, overrides = {}): Promise<PlacedOrder> {
  const order = await placedOrder(t, products, overrides);
  await deliver(t, order.orderId);
  return order;
}

/** `count` more delivered orders of `productId` (its first variant each), for several reviews of one product. */
export async function moreDeliveredOrders(t: TestOrigin, productId: string, count: number): Promise<PlacedOrder[]> {
  const product = (await (await t.admin('GET', `/admin/products/${productId}`)).json()) as {
    variants: { id: string }[];
  };
  const orders: PlacedOrder[] = [];
  for (let i = 0; i < count; i++) {
    const order = await placedOrder(t, 1, {}, product.variants.slice(0, 1));
    await deliver(t, order.orderId);
    orders.push(order);
  }
  return orders;
}

/** A signed call to an order's review routes with its order token (or another credential). */
export async function reviewCall(
  t: TestOrigin,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  credential: { orderToken?: string; customerToken?: string },
  body?: unknown,
): Promise<Response> {
  const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const tokens: Record<string, string> = {};
  if (credential.orderToken) tokens['x-order-token'] = credential.orderToken;
  if (credential.customerToken) tokens['x-customer-token'] = credential.customerToken;
  const headers = await signInternalRequest(INTERNAL_SECRET, method, path, raw, { headers: tokens });
  if (raw) headers['content-type'] = 'application/json';
  return t.origin.app.request(path, { method, headers, body: raw || undefined });
}

/** Writes a review of `productId` with the order's token; fails the test unless it is created. */
export async function review(
  t: TestOrigin,
  order: PlacedOrder,
  productId: string,
  input: Record<string, unknown> = {},
): Promise<ShopperReview> {
  const res = await reviewCall(t, 'POST', ratingPaths.orderReviews(order.orderId), order, {
    productId,
    rating: 5,
    title: 'Lovely',
    body: 'Exactly as described.',
    ...input,
  });
  if (res.status !== 201) throw new Error(`review: ${res.status} ${await res.text()}`);
  return (await res.json()) as ShopperReview;
}

export async function orderReviewsOf(t: TestOrigin, order: PlacedOrder): Promise<OrderReviews> {
  const res = await reviewCall(t, 'GET', ratingPaths.orderReviews(order.orderId), order);
  if (res.status !== 200) throw new Error(`order reviews: ${res.status} ${await res.text()}`);
  return (await res.json()) as OrderReviews;
}

/** The slug of a product, from the admin API. */
export async function slugOf(t: TestOrigin, productId: string): Promise<string> {
  return ((await (await t.admin('GET', `/admin/products/${productId}`)).json()) as { slug: string }).slug;
}

/** `GET` the published reviews of a product the way the edge asks for them. */
export async function productReviews(t: TestOrigin, productId: string, query = ''): Promise<Response> {
  const path = `${ratingPaths.productReviews(await slugOf(t, productId))}${query ? `?${query}` : ''}`;
  return t.origin.app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
}
