/**
 * The shop split into three subsystems deployed apart (ORIGIN_SERVICES), sharing only the
 * database, the cache and the queue: every request goes to the unit serving its path (the load
 * balancer's table), calls between units travel as signed HTTP (/rpc) and events between them as
 * signed pushes (/queue/s). The money path still works end to end: a product created in the
 * catalog unit gets its stock in the orders unit, an order is priced from the catalog, delivered,
 * reviewed in the rating unit, and the review's rating is published by the catalog unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPaths } from '../contract/customers';
import type { CheckoutResponse } from '../contract/orders';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../test/support/checkout';
import { edgeCall, FAST_CUSTOMER_HASHING, registerCustomer } from '../test/support/customers';
import { deliver, productReviews, review } from '../test/support/rating';
import { type SplitShop, startSplitShop } from '../test/support/split';
import { FAST_HASHING, staffSession } from '../test/support/staff';
import { serviceOfPath } from './service-routes';

const LAYOUT = {
  shopfront: 'catalog,members,customers',
  orders: 'checkout,orders,inventory,payment,logistics',
  engagement: 'rating,support',
};

let shop: SplitShop;
beforeAll(async () => {
  shop = await startSplitShop(LAYOUT, { ...FAST_HASHING, ...FAST_CUSTOMER_HASHING, REVIEW_MODERATION: 'pre' });
  await setupShipping(shop.front);
});
afterAll(() => shop.close());

describe('a shop split into three subsystems', () => {
  it('serves each path from its own unit only', async () => {
    const { shopfront, orders, engagement } = shop.units as Record<keyof typeof LAYOUT, SplitShop['front']>;
    // The orders unit has no catalog admin, the catalog unit no checkout, and so on.
    expect((await orders.admin('GET', '/admin/products')).status).toBe(404);
    expect((await shopfront.admin('GET', '/admin/orders')).status).toBe(404);
    expect((await engagement.admin('GET', '/admin/customers')).status).toBe(404);
    expect(serviceOfPath('/internal/checkout')).toBe('orders');
    expect(serviceOfPath('/internal/orders/ord_1/reviews')).toBe('rating');
    expect(serviceOfPath('/admin/staff')).toBe('members');
    expect(serviceOfPath('/health')).toBeNull();
  });

  it('routes every documented path to the unit that serves it, and only there', async () => {
    const wrong: string[] = [];
    for (const [name, unit] of Object.entries(shop.units)) {
      const local = LAYOUT[name as keyof typeof LAYOUT].split(',');
      const doc = (await (await unit.origin.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
      for (const path of Object.keys(doc.paths)) {
        const service = serviceOfPath(path.replace(/\{[^}]+\}/g, 'x'));
        if (service !== null && !local.includes(service)) wrong.push(`${name} serves ${path} (${service})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('authenticates staff in every unit through the members service', async () => {
    const fulfilment = await staffSession(shop.front, 'fulfilment');
    const res = await shop.units.orders?.origin.app.request('/admin/orders', {
      headers: { authorization: `Bearer ${fulfilment.token}` },
    });
    expect(res?.status).toBe(200);
    const reviews = await shop.units.engagement?.origin.app.request('/admin/reviews', {
      headers: { authorization: `Bearer ${fulfilment.token}` },
    });
    expect(reviews?.status).toBe(200);
    // A permission the role lacks is refused in another unit too.
    const noPermission = await shop.units.shopfront?.origin.app.request('/admin/customers', {
      headers: { authorization: `Bearer ${fulfilment.token}` },
    });
    expect(noPermission?.status).toBe(403);
  });

  it('walks the money path across the units: stock, order, delivery, review, rating at the edge', async () => {
    // Catalog unit: the product; orders unit: its stock (created through the inventory service).
    const variant = await stockedVariant(shop.front, 2500, 7);
    expect(await stockOf(shop.front, variant.id)).toMatchObject({ onHand: 7, reserved: 0 });

    // Orders unit: a checkout priced by the catalog service.
    const res = await postCheckout(
      shop.front,
      checkoutRequest([{ variantId: variant.id, quantity: 2, unitPrice: 2500 }], { paymentMethod: 'cod' }),
    );
    expect(res.status).toBe(201);
    const placed = (await res.json()) as CheckoutResponse;
    expect(await stockOf(shop.front, variant.id)).toMatchObject({ onHand: 7, reserved: 2 });
    // A price the catalog does not charge is refused by the orders unit.
    const wrong = await postCheckout(
      shop.front,
      checkoutRequest([{ variantId: variant.id, quantity: 1, unitPrice: 1 }], { paymentMethod: 'cod' }),
    );
    expect(wrong.status).toBe(409);

    // Delivered in the orders unit; order.delivered is forwarded to the rating unit: reviews open.
    await deliver(shop.front, placed.order.id);
    const order = { orderId: placed.order.id, orderToken: placed.orderToken, productIds: [variant.productId] };
    const written = await review(shop.front, order, variant.productId, { rating: 4 });
    expect(written.status).toBe('pending');

    // A moderator (authenticated by the members service) publishes it in the rating unit.
    const moderated = await shop.front.admin('POST', `/admin/reviews/${written.id}/publish`);
    expect(moderated.status).toBe(200);
    await shop.drainAll();

    // The catalog unit serves the page of reviews (through the rating service) and published the
    // product again with its rating (rating.summary.changed forwarded to the catalog).
    const page = (await (await productReviews(shop.front, variant.productId)).json()) as {
      summary: { count: number };
    };
    expect(page.summary.count).toBe(1);
    const republished = shop.front.publishes.flatMap((p) => p.products).filter((p) => p.id === variant.productId);
    expect(republished.at(-1)?.rating).toEqual({ average: 4, count: 1 });
  });

  it('lets a signed-in shopper read their order in the orders unit, checked by the customers service', async () => {
    const session = await registerCustomer(shop.front);
    const variant = await stockedVariant(shop.front, 2500, 5);
    const placed = (await (
      await postCheckout(
        shop.front,
        checkoutRequest([{ variantId: variant.id, quantity: 1, unitPrice: 2500 }], {
          paymentMethod: 'cod',
          customerId: session.customer.id,
        }),
      )
    ).json()) as CheckoutResponse;
    const mine = await edgeCall(shop.front, 'GET', customerPaths.myOrders, undefined, session.accessToken);
    expect(((await mine.json()) as { items: { id: string }[] }).items.map((o) => o.id)).toEqual([placed.order.id]);
    const tracking = await edgeCall(
      shop.front,
      'GET',
      `/internal/orders/${placed.order.id}/tracking`,
      undefined,
      session.accessToken,
    );
    expect(tracking.status).toBe(200);
    const stranger = await registerCustomer(shop.front);
    const refused = await edgeCall(
      shop.front,
      'GET',
      `/internal/orders/${placed.order.id}/tracking`,
      undefined,
      stranger.accessToken,
    );
    expect(refused.status).toBe(404);
  });
});
