/**
 * A full refund racing a shipment of the same paid order. Whichever commits first, no unit is
 * left reserved for an order that will never ship: a refunded order holds no stock and cannot
 * be shipped; an order that started shipping first keeps its units for the parcel (the money
 * went back, the goods still go) until the parcel leaves or the order is cancelled. Real races
 * need PostgreSQL (`npm run test:services`); on PGlite the same rounds run one at a time.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { refunds } from '../../db/schema/payment';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../../test/support/checkout';
import { type PaymentsHarness, startPaymentsOrigin } from '../../test/support/payments';
import { completeRefund } from './refunds';

const ROUNDS = 10;
let t: PaymentsHarness;

beforeAll(async () => {
  t = await startPaymentsOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

const statusOf = async (id: string) =>
  ((await (await t.admin('GET', `/admin/orders/${id}`)).json()) as { status: string }).status;

describe('a full refund racing a shipment', () => {
  it('never leaves stock reserved for a refunded order, whichever wins', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const v = await stockedVariant(t, 2500, 10);
      const placed = (await (
        await postCheckout(
          t,
          checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }], {
            paymentMethod: 'card',
            card: { token: 'tok_visa' },
          }),
        )
      ).json()) as CheckoutResponse;
      await t.settle();
      const orderId = placed.order.id;
      expect(await statusOf(orderId)).toBe('paid');

      const requested = await t.origin.app.request(`/admin/orders/${orderId}/refunds`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer test-admin-token',
          'content-type': 'application/json',
          'idempotency-key': `race-${round}`,
        },
        body: JSON.stringify({ reason: 'changed mind' }),
      });
      expect(requested.status).toBe(201);
      const { id: refundId } = (await requested.json()) as { id: string };
      // The provider confirms the refund (what its webhook's consumer runs) while the warehouse
      // ships the order: two transactions on the same order, started together.
      const [, shipped] = await Promise.all([
        t.origin.ctx.transaction(async (tx) => {
          const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
          if (refund) await completeRefund(tx, refund);
        }),
        t.admin('POST', `/admin/orders/${orderId}/shipments`),
      ]);

      const status = await statusOf(orderId);
      const stock = await stockOf(t, v.id);
      outcomes.add(`${status}/${shipped.status}`);
      if (status === 'refunded') {
        expect(shipped.status).toBe(409);
        expect(stock).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
      } else {
        expect(status).toBe('fulfilling');
        expect(shipped.status).toBe(201);
        expect(stock).toMatchObject({ onHand: 10, reserved: 2 });
        // The parcel is called off: cancelling the order gives the units back.
        expect((await t.admin('POST', `/admin/orders/${orderId}/cancel`)).status).toBe(200);
        expect(await stockOf(t, v.id)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
      }
    }
    expect([...outcomes].every((o) => o === 'refunded/409' || o === 'fulfilling/201')).toBe(true);
  });
});
