/**
 * The typed shopper client: its type is built from `shopperApiRoutes`, so that list must be
 * exactly the operations of the served document (a route left out would be missing from the
 * client's type), and the client must really talk to the Worker it types (here in workerd).
 */
import { describe, expect, it } from 'vitest';
import { productFixture, publishOk, publishPayload } from '../../test/edge/catalog-fixtures';
import { EDGE_ORIGIN, edgeFetch } from '../../test/edge/edge-fetch';
import { shopperApiRoutes, shopperClient } from './shopper-client';

const shop = shopperClient(EDGE_ORIGIN, {
  fetch: ((input: string | URL | Request, init?: RequestInit) =>
    edgeFetch(input instanceof Request ? input.url : String(input), init)) as typeof fetch,
});

describe('the shopper client', () => {
  it('is typed from exactly the operations of /api/openapi.json', async () => {
    const document = await (await edgeFetch('/api/openapi.json')).json<{ paths: Record<string, object> }>();
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const typed = shopperApiRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(documented.length).toBeGreaterThan(30);
    expect(typed).toEqual(documented);
  });

  it('reads the catalog, fills a cart and reads its typed answers', async () => {
    const product = productFixture();
    await publishOk(publishPayload({ products: [product] }));
    const variant = product.variants[0];
    if (!variant) throw new Error('the fixture has a variant');

    const one = await shop.api.products[':slug'].$get({ param: { slug: product.slug } });
    expect(one.status).toBe(200);
    if (one.status !== 200) return;
    expect((await one.json()).title).toBe(product.title);

    const created = await shop.api.carts.$post();
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const cart = await created.json();

    const added = await shop.api.carts[':id'].items.$post({
      param: { id: cart.id },
      json: { variantId: variant.id, quantity: 2 },
    });
    expect(added.status).toBe(200);
    if (added.status !== 200) return;
    const filled = await added.json();
    expect(filled.totals.itemCount).toBe(2);
    expect(filled.lines[0]?.lineTotal.amount).toBe(variant.price.amount * 2);

    const missing = await shop.api.carts[':id'].$get({ param: { id: 'no-such-cart' } });
    expect(missing.status).toBe(404);
    if (missing.status === 404) expect((await missing.json()).error.code).toBe('cart_not_found');
  });
});
