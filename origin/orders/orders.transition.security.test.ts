/**
 * Manual order moves, role by role and target by target: staff move orders along their
 * fulfilment steps and cancel them; the statuses that say money moved (`confirmed`, `paid`,
 * `refunded`) and the starting status are refused for everyone, the owner and the root token
 * included, and change nothing. Callers without `orders:write` are refused before that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse, OrderStatus } from '../../contract/orders';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../../test/support/checkout';
import { ADMIN_TOKEN, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { apiKey, callerWith, FAST_HASHING, staffSession } from '../../test/support/staff';
import { allows, type Permission, permissionsOf, STAFF_ROLES } from '../members/permissions';
import { isManualTarget, ORDER_STATUSES } from './order-state';

let t: TestOrigin;
const callers: { name: string; call: ReturnType<typeof callerWith>; permissions: readonly Permission[] }[] = [];

beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
  await setupShipping(t);
  for (const role of STAFF_ROLES) {
    const staff = await staffSession(t, role);
    callers.push({ name: `${role} staff`, call: staff.call, permissions: permissionsOf(role) });
  }
  const writer: Permission[] = ['orders:read', 'orders:write'];
  callers.push({ name: 'API key (orders:write)', call: (await apiKey(t, writer)).call, permissions: writer });
  callers.push({ name: 'ADMIN_TOKEN', call: callerWith(t, ADMIN_TOKEN), permissions: permissionsOf('owner') });
});
afterAll(() => t.close());

/** A card order left unpaid (no card provider answers in this test): `pending_payment`. */
async function unpaidCardOrder() {
  const v = await stockedVariant(t, 2500, 10);
  const res = await postCheckout(
    t,
    checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }], {
      paymentMethod: 'card',
      card: { token: 'tok_visa' },
    }),
  );
  const placed = (await res.json()) as CheckoutResponse;
  return { orderId: placed.order.id, variantId: v.id };
}

const statusOf = async (id: string) =>
  ((await (await t.admin('GET', `/admin/orders/${id}`)).json()) as { status: OrderStatus }).status;

describe('manual order transitions × callers', () => {
  it('refuses money statuses to every caller and lets order writers move fulfilment steps', async () => {
    const wrong: string[] = [];
    for (const caller of callers) {
      for (const to of ORDER_STATUSES) {
        const { orderId, variantId } = await unpaidCardOrder();
        const res = await caller.call('POST', `/admin/orders/${orderId}/transition`, { to });
        const body = (await res.json()) as { error?: { code: string } };
        const expected = !allows(caller.permissions, 'orders:write')
          ? '403 forbidden'
          : isManualTarget(to)
            ? 'allowed'
            : '400 invalid_request';
        const got = `${res.status}${body.error ? ` ${body.error.code}` : ''}`;
        const ok =
          expected === 'allowed' ? res.status !== 400 && res.status !== 401 && res.status !== 403 : got === expected;
        if (!ok) wrong.push(`${caller.name} → ${to}: ${got}, expected ${expected}`);
        if (!isManualTarget(to) || expected === '403 forbidden') {
          // Refused: nothing changed, the stock is still held for the unpaid order.
          if ((await statusOf(orderId)) !== 'pending_payment') wrong.push(`${caller.name} → ${to}: order moved`);
          if ((await stockOf(t, variantId)).reserved !== 2) wrong.push(`${caller.name} → ${to}: stock moved`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(callers.length).toBeGreaterThanOrEqual(6);
  });

  it('documents only the manual targets in the OpenAPI document', async () => {
    const doc = (await (await t.origin.app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: { to: { enum: string[] } } }> };
    };
    expect(doc.components.schemas.OrderTransition?.properties.to.enum).toEqual([
      'fulfilling',
      'shipped',
      'delivered',
      'completed',
      'cancelled',
    ]);
  });
});
