/**
 * Checkout fixtures over the real admin and internal APIs: shipping to the US and Germany,
 * German VAT, products with stock, and signed checkout calls as the edge makes them.
 */

import type { CheckoutRequest } from '../../contract/orders';
import { signInternalRequest } from '../../contract/signing';
import type { AdminProduct } from '../../origin/catalog/catalog.schemas';
import { INTERNAL_SECRET, productInput, type TestOrigin, uid } from './origin';

export interface ShippingFixture {
  standardUs: string;
  expressUs: string;
  standardDe: string;
}

/** US: standard 500 (free from 10 000) and express 1500; DE: 700, VAT 19 % on goods and shipping. */
export async function setupShipping(t: TestOrigin): Promise<ShippingFixture> {
  const zone = async (name: string, countries: string[]) =>
    ((await (await t.admin('POST', '/admin/shipping-zones', { name, countries })).json()) as { id: string }).id;
  const method = async (body: Record<string, unknown>) =>
    ((await (await t.admin('POST', '/admin/shipping-methods', { currency: 'USD', ...body })).json()) as { id: string })
      .id;
  const us = await zone('United States', ['US']);
  const eu = await zone('Germany', ['DE']);
  const fixture = {
    standardUs: await method({ zoneId: us, name: 'Standard', amount: 500, freeOver: 10_000 }),
    expressUs: await method({ zoneId: us, name: 'Express', amount: 1500 }),
    standardDe: await method({ zoneId: eu, name: 'DHL', amount: 700 }),
  };
  await t.admin('PUT', '/admin/tax-rates/DE', { rateBp: 1900, appliesToShipping: true });
  return fixture;
}

/** An active product with one variant at `price` (USD minor units) and `stock` units. */
export async function stockedVariant(t: TestOrigin, price = 2500, stock = 10) {
  const input = productInput({}, 1, price);
  (input.variants[0] as { stock: number }).stock = stock;
  const product = (await (await t.admin('POST', '/admin/products', input)).json()) as AdminProduct;
  return product.variants[0] as AdminProduct['variants'][number];
}

export function checkoutRequest(
  lines: { variantId: string; quantity: number; unitPrice: number }[],
  overrides: Partial<CheckoutRequest> = {},
): CheckoutRequest {
  return {
    cartId: `cart_${uid()}`,
    idempotencyKey: `key-${uid()}`,
    email: 'Shopper@Example.com',
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '1 Loop Rd',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    },
    paymentMethod: 'cod',
    lines: lines.map((l) => ({
      variantId: l.variantId,
      quantity: l.quantity,
      unitPrice: { amount: l.unitPrice, currency: 'USD' },
    })),
    ...overrides,
  };
}

/** POST /internal/checkout, signed like the edge signs it. */
export async function postCheckout(t: TestOrigin, body: unknown) {
  const raw = JSON.stringify(body);
  const headers = await signInternalRequest(INTERNAL_SECRET, 'POST', '/internal/checkout', raw);
  return t.origin.app.request('/internal/checkout', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: raw,
  });
}

/** GET /internal/orders/:id with an order token, signed like the edge signs it. */
export async function getOrder(t: TestOrigin, id: string, token: string) {
  const path = `/internal/orders/${id}`;
  const headers = await signInternalRequest(INTERNAL_SECRET, 'GET', path, '', { headers: { 'x-order-token': token } });
  return t.origin.app.request(path, { headers });
}

export async function stockOf(t: TestOrigin, variantId: string) {
  return (await (await t.admin('GET', `/admin/inventory/${variantId}`)).json()) as {
    onHand: number;
    reserved: number;
    available: number;
  };
}

/**
 * POST /internal/orders/:id/payment (another payment attempt) with the order token, signed like
 * the edge signs it; `headers` replace the credential (e.g. another order's token, or none).
 */
export async function postPaymentRetry(
  t: TestOrigin,
  orderId: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = { 'x-order-token': token },
) {
  const path = `/internal/orders/${orderId}/payment`;
  const raw = JSON.stringify(body);
  const signed = await signInternalRequest(INTERNAL_SECRET, 'POST', path, raw, { headers });
  return t.origin.app.request(path, {
    method: 'POST',
    headers: { ...signed, 'content-type': 'application/json' },
    body: raw,
  });
}
