import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductPage } from '../../contract/catalog';
import { productFixture, publishOk, publishPayload, variantFixture } from '../../test/edge/catalog-fixtures';
import { EDGE_ORIGIN, edgeFetch } from '../../test/edge/edge-fetch';
import { type FakeOrigin, installFakeOrigin } from '../../test/edge/fake-origin';
import { PAGE_CSP } from '../gateway/security-headers';

let origin: FakeOrigin;
beforeEach(() => {
  origin = installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** A browser's form post: urlencoded, from this site, carrying the cookie jar. */
function post(path: string, fields: Record<string, string>, cookie = '', from = EDGE_ORIGIN) {
  return edgeFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: from, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

async function publishedProduct(overrides = {}) {
  const product = productFixture({
    variants: [variantFixture({ title: 'Small' }), variantFixture({ title: 'Large', available: false })],
    ...overrides,
  });
  await publishOk(publishPayload({ products: [product] }));
  return product;
}

describe('storefront pages', () => {
  it('lists products with prices and ratings, escaping what merchants typed', async () => {
    const product = await publishedProduct({ title: 'Tee <script>alert(1)</script>' });
    const page: ProductPage = { items: [{ ...product, rating: { average: 4.3, count: 7 } }], nextCursor: null };
    origin.lists.set('limit=20', page);
    const res = await edgeFetch('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const body = await res.text();
    expect(body).toContain(`href="/products/${product.slug}"`);
    expect(body).toContain('Tee &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('$25.00');
    expect(body).toContain('4.3 (7)');
    expect(body).toContain('href="/assets/1/shop.css"');
  });

  it('shows a product with its options and reviews, and a 404 page for an unknown one', async () => {
    const product = await publishedProduct();
    origin.reviewService.pages.set(product.slug, {
      items: [
        {
          id: 'rev_1',
          rating: 4,
          title: 'Good',
          body: 'Soft <b>cotton</b>',
          authorName: 'Ada',
          verifiedPurchase: true,
          createdAt: '2030-01-02T00:00:00.000Z',
          reply: { body: 'Thanks!', at: '2030-01-03T00:00:00.000Z' },
        },
      ],
      nextCursor: null,
      summary: { average: 4, count: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } },
    });
    const body = await (await edgeFetch(`/products/${product.slug}`)).text();
    expect(body).toContain(`<option value="${product.variants[0]?.id}" >Small · $25.00</option>`);
    expect(body).toMatch(/disabled>Large · \$25\.00 \(sold out\)/);
    expect(body).toContain('Soft &lt;b&gt;cotton&lt;/b&gt;');
    expect(body).toContain('The shop answered:</strong> Thanks!');
    const missing = await edgeFetch('/products/no-such-product');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('We could not find that product.');
  });

  it('fills a cart with forms: add, see, change, remove (Post/Redirect/Get)', async () => {
    const product = await publishedProduct();
    const variantId = product.variants[0]?.id as string;
    const added = await post('/cart/items', { variantId, quantity: '2', from: product.slug });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/cart');
    const cookie = cookieOf(added);
    expect(cookie).toMatch(/^cart_id=cart_[0-9a-f]{64}$/);
    const cart = await (await edgeFetch('/cart', { headers: { cookie } })).text();
    expect(cart).toContain('Linen Tee — Small');
    expect(cart).toContain('$50.00');

    const refused = await post(
      '/cart/items',
      { variantId: product.variants[1]?.id as string, quantity: '1', from: product.slug },
      cookie,
    );
    expect(refused.headers.get('location')).toBe(`/products/${product.slug}?error=out_of_stock`);
    expect(await (await edgeFetch(`/products/${product.slug}?error=out_of_stock`)).text()).toContain(
      'not enough of that is in stock',
    );

    const changed = await post(`/cart/items/${variantId}`, { quantity: '0' }, cookie);
    expect(changed.headers.get('location')).toBe('/cart');
    expect(await (await edgeFetch('/cart', { headers: { cookie } })).text()).toContain('Your cart is empty');
  });

  it('answers malformed forms without a 500, and never creates a cart for them', async () => {
    const broken = await edgeFetch('/cart/items', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data', origin: EDGE_ORIGIN },
      body: 'not a multipart body',
    });
    expect(broken.status).toBe(400);
    const junk = await post('/cart/items', { variantId: 'x'.repeat(600), quantity: '1' });
    expect(junk.status).toBe(303);
    expect(junk.headers.get('location')).toBe('/cart?error=variant_not_found');
    expect(junk.headers.get('set-cookie')).toBeNull();
    const big = await post('/checkout', { key: 'k', email: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
  });

  it('refuses a form posted from another site', async () => {
    const crossSite = await edgeFetch('/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'key=k',
    });
    expect(crossSite.status).toBe(403);
    const product = await publishedProduct();
    const res = await post(
      '/cart/items',
      { variantId: product.variants[0]?.id as string, quantity: '1' },
      '',
      'https://evil.example',
    );
    expect(res.status).toBe(403);
  });

  it('checks out with the form, once per form however often it is sent, and shows the order by its link', async () => {
    const product = await publishedProduct();
    const added = await post('/cart/items', { variantId: product.variants[0]?.id as string, quantity: '1' });
    const cookie = cookieOf(added);
    const formPage = await (await edgeFetch('/checkout', { headers: { cookie } })).text();
    const key = /name="key" value="([^"]+)"/.exec(formPage)?.[1] as string;
    expect(key).toBeTruthy();
    const fields = {
      key,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      line1: '1 Loop Rd',
      city: 'Springfield',
      postalCode: '12345',
      country: 'us',
      paymentMethod: 'cod',
    };

    const invalid = await post('/checkout', { ...fields, email: 'nope' }, cookie);
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('not valid');

    const placed = await post('/checkout', fields, cookie);
    expect(placed.status).toBe(303);
    const location = placed.headers.get('location') as string;
    expect(location).toMatch(/^\/orders\/ord_[0-9A-Z]+\?token=.+&placed=1$/);
    expect(origin.orderService.received.at(-1)).toMatchObject({
      idempotencyKey: key,
      paymentMethod: 'cod',
      shippingAddress: { country: 'US' },
    });
    // a double submit is the same order
    const again = await post('/checkout', fields, cookie);
    expect(again.headers.get('location')).toBe(location);
    expect(origin.orderService.orders.size).toBe(1);

    const order = await edgeFetch(location);
    expect(order.status).toBe(200);
    const html = await order.text();
    expect(html).toContain('Thank you! Your order is placed.');
    expect(html).toContain('Confirmed');
    const wrong = await edgeFetch(location.replace('token=', 'token=x'));
    expect(wrong.status).toBe(404);
    // the cart became an order: the cart page starts afresh
    expect(await (await edgeFetch('/cart', { headers: { cookie } })).text()).toContain('Your cart is empty');
  });

  it('serves the stylesheet and the chat script for a year, and the help page that loads it', async () => {
    const css = await edgeFetch('/assets/1/shop.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
    const js = await edgeFetch('/assets/1/chat.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain('/api/conversations');
    const help = await (await edgeFetch('/support')).text();
    expect(help).toContain('<script src="/assets/1/chat.js" defer></script>');
  });
});
