/**
 * The storefront pages end to end, as a browser without JavaScript walks them: the real edge
 * (`wrangler dev`) rendering from its catalog cache, cart objects and checkout workflow, and the
 * real origin placing the order. Cookies and redirects are followed by hand, like a browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ edgeVars: LOAD_TEST_LIMITS, seedProducts: 12, log: Boolean(process.env.E2E_LOG) });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

/** A tiny browser: one cookie jar, forms posted from the site, redirects shown to the caller. */
function browser() {
  let cookie = '';
  const go = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${stack.edgeUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      signal: AbortSignal.timeout(15_000),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? cookie;
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };
  const submit = (path: string, fields: Record<string, string>) =>
    go(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.edgeUrl },
      body: new URLSearchParams(fields).toString(),
    });
  return { go, submit };
}

describe('the storefront', () => {
  it('takes a shopper from the home page to a placed order and its order page', async () => {
    const b = browser();
    const home = await b.go('/');
    expect(home.status).toBe(200);
    const slug = /href="\/products\/([a-z0-9-]+)"/.exec(home.html)?.[1] as string;
    expect(slug).toBeTruthy();

    const product = await b.go(`/products/${slug}`);
    const variantId = /<option value="(var_[0-9A-Z]+)" >/.exec(product.html)?.[1] as string;
    expect(variantId).toBeTruthy();
    const added = await b.submit('/cart/items', { variantId, quantity: '2', from: slug });
    expect(added).toMatchObject({ status: 303, location: '/cart' });
    const cart = await b.go('/cart');
    expect(cart.html).toMatch(/Subtotal \(2 items\)/);

    const form = await b.go('/checkout');
    const key = /name="key" value="([^"]+)"/.exec(form.html)?.[1] as string;
    const placed = await b.submit('/checkout', {
      key,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      line1: '1 Loop Rd',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
      paymentMethod: 'cod',
    });
    expect(placed.status).toBe(303);
    expect(placed.location).toMatch(/^\/orders\/ord_/);
    const order = await b.go(placed.location as string);
    expect(order.status).toBe(200);
    expect(order.html).toContain('Thank you! Your order is placed.');
    expect(order.html).toContain('Confirmed');
    const orderId = /\/orders\/(ord_[0-9A-Z]+)/.exec(placed.location as string)?.[1];
    const merchant = await fetch(`${stack.originUrl}/admin/orders/${orderId}`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(((await merchant.json()) as { email: string; lines: { quantity: number }[] }).lines[0]?.quantity).toBe(2);
  });

  it('serves the help page with its chat script', async () => {
    const b = browser();
    const help = await b.go('/support');
    expect(help.html).toContain('/assets/1/chat.js');
    expect((await b.go('/assets/1/chat.js')).status).toBe(200);
  });
});
