/**
 * The storefront pages end to end, as a browser without JavaScript walks them: the real edge
 * (`wrangler dev`) rendering from its catalog cache, cart objects and checkout workflow, and the
 * real origin placing the order, and the sandbox card processor's 3-D Secure page sending the
 * browser back to the shop. Cookies and redirects are followed by hand, like a browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TEST_LIMITS, type Stack, startStack } from '../scripts/lib/stack.mjs';
import { adminApi, expectStatus, until } from '../test/support/http';

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
    const admin = adminApi(stack.originUrl, stack.adminToken);
    // The admin API documents this answer as any JSON (orders.admin.routes.ts): typed here.
    const merchant = (await expectStatus(
      admin.admin.orders[':id'].$get({ param: { id: orderId as string } }),
      200,
    )) as {
      lines: { quantity: number }[];
    };
    expect(merchant.lines[0]?.quantity).toBe(2);
  });

  it('pays a declined order again from its page, through 3-D Secure and back to the order page', async () => {
    const b = browser();
    const home = await b.go('/');
    const slug = /href="\/products\/([a-z0-9-]+)"/.exec(home.html)?.[1] as string;
    const product = await b.go(`/products/${slug}`);
    const variantId = /<option value="(var_[0-9A-Z]+)" >/.exec(product.html)?.[1] as string;
    await b.submit('/cart/items', { variantId, quantity: '1', from: slug });
    const form = await b.go('/checkout');
    const placed = await b.submit('/checkout', {
      key: /name="key" value="([^"]+)"/.exec(form.html)?.[1] as string,
      email: 'grace@example.com',
      name: 'Grace Hopper',
      line1: '1 Compiler Way',
      city: 'Arlington',
      postalCode: '22201',
      country: 'US',
      paymentMethod: 'card',
      cardToken: 'tok_decline',
    });
    expect(placed.status).toBe(303);
    const link = placed.location?.replace('&placed=1', '') as string;
    const declined = await until(
      () => b.go(link),
      (page) => page.html.includes('did not go through'),
      'the order page to show the decline',
    );
    expect(declined.html).toContain('Waiting for payment');
    expect(declined.html).toContain('Pay cash on delivery instead');
    const action = /<form class="stack" method="post" action="([^"]+)">/.exec(declined.html)?.[1] as string;
    const cardKey = /name="key" value="([^"]+)"/.exec(declined.html)?.[1] as string;
    const paid = await b.submit(action, { key: cardKey, paymentMethod: 'card', cardToken: 'tok_3ds' });
    expect(paid.status).toBe(303);
    expect(paid.location?.startsWith(stack.cardUrl)).toBe(true);
    // The bank's page (the sandbox processor), then back to the shop.
    const approved = await fetch(paid.location as string, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'approve' }),
      redirect: 'manual',
    });
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location') ?? '');
    expect(back.origin).toBe(stack.edgeUrl);
    const returned = `${back.pathname}${back.search}`;
    expect(returned.startsWith(link)).toBe(true);
    const done = await until(
      () => b.go(returned),
      (page) => page.html.includes('<strong>Paid</strong>'),
      'the order page to show the order paid',
    );
    expect(done.html).not.toContain('Pay again');
  });

  it('serves the help page with its chat script', async () => {
    const b = browser();
    const help = await b.go('/support');
    expect(help.html).toContain('/assets/1/chat.js');
    expect((await b.go('/assets/1/chat.js')).status).toBe(200);
  });
});
