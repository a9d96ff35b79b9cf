import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse, Order } from '../../contract/orders';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../../test/support/checkout';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { expireUnpaidOrder } from '../workflows/cancel-order';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin();
  await setupShipping(t);
});
afterAll(() => t.close());

async function order(overrides: Parameters<typeof checkoutRequest>[1] = {}, quantity = 2) {
  const v = await stockedVariant(t, 2500, 10);
  const res = await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity, unitPrice: 2500 }], overrides));
  return { variant: v, placed: (await res.json()) as CheckoutResponse };
}

describe('admin orders', () => {
  it('shows an order with its history', async () => {
    const { placed } = await order();
    const res = await t.admin('GET', `/admin/orders/${placed.order.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Order & { history: { from: string | null; to: string; reason: string }[] };
    expect(body).toMatchObject({ id: placed.order.id, status: 'confirmed', totals: placed.order.totals });
    expect(body.history).toEqual([expect.objectContaining({ from: null, to: 'confirmed', reason: 'placed' })]);
  });

  it('cancels an order, releases its stock, and is idempotent', async () => {
    const { placed, variant } = await order();
    expect((await stockOf(t, variant.id)).reserved).toBe(2);
    const res = await t.admin('POST', `/admin/orders/${placed.order.id}/cancel`, { reason: 'customer asked' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
    expect(await stockOf(t, variant.id)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    const again = await t.admin('POST', `/admin/orders/${placed.order.id}/cancel`);
    expect(again.status).toBe(200);
    expect((await stockOf(t, variant.id)).reserved).toBe(0);
    const detail = (await (await t.admin('GET', `/admin/orders/${placed.order.id}`)).json()) as {
      history: { to: string; reason: string }[];
    };
    expect(detail.history.map((h) => h.to)).toEqual(['confirmed', 'cancelled']);
    expect(detail.history[1]?.reason).toBe('customer asked');
  });

  it('refuses to cancel a shipped order with 409 invalid_transition', async () => {
    const { placed, variant } = await order();
    await t.origin.ctx.db.execute(sql`update orders set status = 'shipped' where id = ${placed.order.id}`);
    const res = await t.admin('POST', `/admin/orders/${placed.order.id}/cancel`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_transition', from: 'shipped', to: 'cancelled' } });
    expect((await stockOf(t, variant.id)).reserved).toBe(2);
  });

  it('answers 404 for an unknown order', async () => {
    expect((await t.admin('GET', '/admin/orders/ord_NOPE')).status).toBe(404);
    expect((await t.admin('POST', '/admin/orders/ord_NOPE/cancel')).status).toBe(404);
  });

  it('filters by status, email and date, newest first, with a cursor', async () => {
    const email = `filter-${Date.now()}@example.com`;
    const a = await order({ email });
    const b = await order({ email, paymentMethod: 'card', card: { token: 'tok_visa' } });
    const list = async (qs: string) =>
      (await (await t.admin('GET', `/admin/orders?${qs}`)).json()) as { items: Order[]; nextCursor: string | null };
    expect((await list(`email=${email}`)).items.map((o) => o.id)).toEqual([b.placed.order.id, a.placed.order.id]);
    expect((await list(`email=${email}&status=pending_payment`)).items.map((o) => o.id)).toEqual([b.placed.order.id]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(`email=${email}&from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const first = await list(`email=${email}&limit=1`);
    expect(first.items).toHaveLength(1);
    const second = await list(`email=${email}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]?.id).toBe(a.placed.order.id);
    expect((await t.admin('GET', '/admin/orders?cursor=bogus')).status).toBe(400);
    expect((await t.admin('GET', '/admin/orders?status=lost')).status).toBe(400);
  });
});

describe('admin transitions', () => {
  it('walks a cash-on-delivery order to completed; shipping takes the stock out of on hand', async () => {
    const { placed, variant } = await order();
    const move = (to: string) => t.admin('POST', `/admin/orders/${placed.order.id}/transition`, { to });
    expect((await move('fulfilling')).status).toBe(200);
    expect((await stockOf(t, variant.id)).reserved).toBe(2);
    const shipped = await move('shipped');
    expect(await shipped.json()).toMatchObject({ status: 'shipped' });
    expect(await stockOf(t, variant.id)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect((await move('delivered')).status).toBe(200);
    expect((await move('completed')).status).toBe(200);
    expect(await stockOf(t, variant.id)).toMatchObject({ onHand: 8, reserved: 0 });
  });

  it('refuses a jump the state machine does not allow, changing nothing', async () => {
    const { placed, variant } = await order();
    const res = await t.admin('POST', `/admin/orders/${placed.order.id}/transition`, { to: 'delivered' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_transition', from: 'confirmed', to: 'delivered' },
    });
    expect((await stockOf(t, variant.id)).reserved).toBe(2);
  });
});

describe('payment deadline', () => {
  it('cancels an unpaid card order and releases its stock, once', async () => {
    const { placed, variant } = await order({ paymentMethod: 'card', card: { token: 'tok_visa' } }, 3);
    await t.origin.ctx.db.transaction((tx) => expireUnpaidOrder(tx, placed.order.id));
    await t.origin.ctx.db.transaction((tx) => expireUnpaidOrder(tx, placed.order.id));
    expect(await stockOf(t, variant.id)).toMatchObject({ reserved: 0, available: 10 });
    const detail = (await (await t.admin('GET', `/admin/orders/${placed.order.id}`)).json()) as {
      status: string;
      history: { reason: string }[];
    };
    expect(detail.status).toBe('cancelled');
    expect(detail.history.at(-1)?.reason).toBe('payment_timeout');
  });

  it('leaves orders that are no longer waiting for payment alone', async () => {
    const { placed, variant } = await order();
    await t.origin.ctx.db.transaction((tx) => expireUnpaidOrder(tx, placed.order.id));
    expect((await stockOf(t, variant.id)).reserved).toBe(2);
  });
});
