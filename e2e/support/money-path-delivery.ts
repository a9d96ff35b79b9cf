/**
 * The money path's delivery half: shipments, tracking and cash on delivery, then reviews and the
 * rating at the edge; registered by moneyPath() (e2e/support/money-path.ts) on its stack.
 */
import { describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { answer, call, expectStatus, until } from '../../test/support/http';
import type { MoneyPathContext } from './money-path';

export function deliveryTests(mp: MoneyPathContext): void {
  /** Moves a parcel one step at the sandbox carrier (its clock is manual in this test). */
  async function advance(carrierRef: string) {
    const res = await call(mp.stack.carrierUrl, `/v1/shipments/${carrierRef}/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mp.stack.sandboxSecrets.carrierKey}` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const trackingAtEdge = (placed: CheckoutResponse) =>
    expectStatus(mp.shop.api.orders[':id'].tracking.$get({ param: { id: placed.order.id } }, mp.holder(placed)), 200);

  async function shipLines(orderId: string, lines?: { lineNo: number; quantity: number }[]) {
    const created = await expectStatus(
      mp.adminClient.admin.orders[':id'].shipments.$post({ param: { id: orderId }, json: lines ? { lines } : {} }),
      201,
    );
    const label = await until(
      async () => await expectStatus(mp.adminClient.admin.shipments[':id'].$get({ param: { id: created.id } }), 200),
      (s) => Boolean(s.carrierRef && s.trackingNumber),
      'the label',
    );
    return label as typeof label & { carrierRef: string; trackingNumber: string };
  }

  describe('logistics and cash on delivery through the edge', () => {
    it('ships, tracks and delivers a cash-on-delivery order, settling the cash at delivery', async () => {
      const placed = await mp.checkout([{ variant: 4, quantity: 1 }], { paymentMethod: 'cod' });
      expect(placed.order.status).toBe('confirmed');
      expect(placed.payment.status).toBe('cash_on_delivery');
      const shipment = await shipLines(placed.order.id);
      const steps = ['picked_up', 'in_transit', 'out_for_delivery', 'delivered'];
      for (const step of steps) {
        await advance(shipment.carrierRef);
        await until(
          () => trackingAtEdge(placed),
          (t) => t.shipments[0]?.events.at(-1)?.status === step,
          `tracking to show ${step}`,
        );
      }
      await until(
        () => mp.statusAtEdge(placed),
        (s) => s === 'completed',
        'the order to complete',
      );
      const tracking = await trackingAtEdge(placed);
      expect(tracking).toMatchObject({
        status: 'completed',
        shipments: [{ carrier: 'sandbox-carrier', trackingNumber: shipment.trackingNumber }],
      });
      expect(tracking.shipments[0]?.events.map((e) => e.status)).toEqual(['label_created', ...steps]);
      const payment = await until(
        async () => (await mp.paymentsOf(placed.order.id)).items[0],
        (p) => p?.status === 'captured',
        'the cash to be settled',
      );
      expect(payment?.captured).toEqual(placed.order.totals.total);
      // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
      const merchant = (await expectStatus(
        mp.adminClient.admin.orders[':id'].$get({ param: { id: placed.order.id } }),
        200,
      )) as {
        history: { to: string }[];
      };
      const history = merchant.history.map((h) => h.to);
      expect(history).toEqual(['confirmed', 'fulfilling', 'shipped', 'delivered', 'completed']);
    });

    it('ships a card order in two parcels: shipped only when the second leaves, delivered when both arrive', async () => {
      const placed = await mp.checkout(
        [
          { variant: 5, quantity: 1 },
          { variant: 0, quantity: 1 },
        ],
        { paymentMethod: 'card', card: { token: 'tok_visa' } },
      );
      await until(
        () => mp.statusAtEdge(placed),
        (s) => s === 'paid',
        'the order to be paid',
      );
      const first = await shipLines(placed.order.id, [{ lineNo: 1, quantity: 1 }]);
      await advance(first.carrierRef); // picked up
      await until(
        () => mp.statusAtEdge(placed),
        (s) => s === 'fulfilling',
        'a partly shipped order',
      );
      const second = await shipLines(placed.order.id);
      await advance(second.carrierRef);
      await until(
        () => mp.statusAtEdge(placed),
        (s) => s === 'shipped',
        'the order to be shipped',
      );
      for (let i = 0; i < 3; i++) {
        await advance(first.carrierRef);
        await advance(second.carrierRef);
      }
      await until(
        () => mp.statusAtEdge(placed),
        (s) => s === 'completed',
        'both parcels delivered',
      );
      expect((await trackingAtEdge(placed)).shipments).toHaveLength(2);
    });
  });

  describe('reviews after delivery through the edge', () => {
    it('lets the shopper review a delivered order; once published, the rating shows in the catalog', async () => {
      // A product of its own, so the earlier tests' orders leave its stock and rating alone.
      const made = await expectStatus(
        mp.adminClient.admin.products.$post({
          json: {
            title: 'Reviewed Lamp',
            status: 'active',
            description: 'A lamp to review',
            images: [],
            variants: [
              {
                sku: `LAMP-${Date.now()}`,
                title: 'Brass',
                options: { Finish: 'Brass' },
                prices: [{ amount: 4900, currency: 'USD' }],
                stock: 5,
              },
            ],
          },
        }),
        201,
      );
      mp.variants.push({ id: made.variants[0]?.id as string, price: 4900 });
      // Its stock arrives in a second event (inventory.initial_stock_requested), then the edge
      // learns of it by a publish: on sale once the edge says so.
      await until(
        () => answer(mp.shop.api.products[':slug'].$get({ param: { slug: made.slug } })),
        (res) => res.status === 200 && res.body.variants.some((v) => v.available),
        'the new product on sale at the edge',
      );
      const placed = await mp.checkout([{ variant: mp.variants.length - 1, quantity: 1 }], { paymentMethod: 'cod' });
      const productId = placed.order.lines[0]?.productId as string;
      const slug = (await expectStatus(mp.adminClient.admin.products[':id'].$get({ param: { id: productId } }), 200))
        .slug;
      const order = mp.shop.api.orders[':id'];
      const review = (json: { productId: string; rating: number; title?: string; body?: string }) =>
        answer(order.reviews.$post({ param: { id: placed.order.id }, json }, mp.holder(placed)));
      const early = await review({ productId, rating: 5 });
      expect(early).toMatchObject({ status: 409, body: { error: { code: 'reviews_not_open' } } });

      const shipment = await shipLines(placed.order.id);
      for (const step of ['picked_up', 'in_transit', 'out_for_delivery', 'delivered']) {
        await advance(shipment.carrierRef);
        await until(
          () => trackingAtEdge(placed),
          (t) => t.shipments[0]?.events.at(-1)?.status === step,
          `tracking to show ${step}`,
        );
      }
      const open = await until(
        async () => await expectStatus(order.reviews.$get({ param: { id: placed.order.id } }, mp.holder(placed)), 200),
        (b) => b.open === true,
        'reviews to open on delivery',
      );
      expect(open.items.map((i) => i.productId)).toEqual([productId]);

      const written = await review({ productId, rating: 4, title: 'Solid', body: 'Arrived quickly, works well.' });
      expect(written).toMatchObject({ status: 201, body: { status: 'pending', authorName: 'Grace' } });
      if (written.status !== 201) return;
      const rated = await answer(
        order['delivery-rating'].$put(
          { param: { id: placed.order.id }, json: { rating: 5, comment: 'Friendly driver' } },
          mp.holder(placed),
        ),
      );
      expect(rated).toMatchObject({ status: 200, body: { rating: 5, carriers: ['sandbox-carrier'] } });

      // the merchant publishes it from the moderation queue; the edge shows it within seconds
      const queue = await expectStatus(
        mp.adminClient.admin.reviews.$get({ query: { status: 'pending', productId } }),
        200,
      );
      expect(queue.items.map((r) => r.id)).toEqual([written.body.id]);
      const publish = await mp.adminClient.admin.reviews[':id'].publish.$post({
        param: { id: written.body.id },
        json: {},
      });
      expect(publish.status).toBe(200);
      const product = await until(
        async () => (await answer(mp.shop.api.products[':slug'].$get({ param: { slug } }))).body,
        (p) => (p as { rating?: { count: number } } | null)?.rating?.count === 1,
        'the rating at the edge',
      );
      expect((product as { rating: unknown }).rating).toEqual({ average: 4, count: 1 });
      const reviews = await expectStatus(
        mp.shop.api.products[':slug'].reviews.$get({ param: { slug }, query: {} }),
        200,
      );
      expect(reviews.summary).toMatchObject({ average: 4, count: 1 });
      expect(reviews.items.map((r) => r.title)).toEqual(['Solid']);
      // The admin API documents this answer as any JSON (reviews.admin.routes.ts): typed here.
      const perCarrier = (await expectStatus(
        mp.adminClient.admin['delivery-ratings'].$get({ query: { carrier: 'sandbox-carrier' } }),
        200,
      )) as { items: { orderId: string }[] };
      expect(perCarrier.items.map((i) => i.orderId)).toContain(placed.order.id);
    });
  });
}
