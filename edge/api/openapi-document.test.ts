/**
 * The shopper API's document against the app that serves it: every `/api` route the router
 * holds is documented (generated from the router, so a new route fails here until it is), every
 * 4xx answer is documented with the error body, and the documented schemas (read back from the
 * served document, not from the code) accept what the app really answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { CheckoutResponse } from '../../contract/orders';
import { productFixture, publishOk, publishPayload } from '../../test/edge/catalog-fixtures';
import { cartWithItem, checkout, newIdempotencyKey } from '../../test/edge/checkout-helpers';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { installFakeOrigin } from '../../test/edge/fake-origin';
import { app } from '../app';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
type JsonSchema = Record<string, unknown>;
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

let document: Document;
beforeEach(async () => {
  installFakeOrigin();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const res = await edgeFetch('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  document = await res.json<Document>();
});
afterEach(() => vi.restoreAllMocks());

/** Every `/api` route of the router, as `METHOD /path/{param}` (middleware, registered for ALL, aside). */
function servedRoutes(): string[] {
  const names = app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
    .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`);
  return [...new Set(names)].sort();
}

function documentedRoutes(): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/** A documented answer's schema, as a zod schema built from the document's JSON Schema. */
function documentedSchema(method: string, path: string, status: number): z.ZodType {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON ${status}`);
  // The components come along, so `$ref`s resolve within this one JSON Schema.
  const text = JSON.stringify(schema).replaceAll('#/components/schemas/', '#/$defs/');
  const defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'));
  return z.fromJSONSchema({ ...JSON.parse(text), $defs: defs });
}

function expectDocumented(method: string, path: string, status: number, body: unknown) {
  const parsed = documentedSchema(method, path, status).safeParse(body);
  expect(parsed.success, `${method.toUpperCase()} ${path} ${status}: ${JSON.stringify(parsed.error?.issues)}`).toBe(
    true,
  );
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document, the same text on every request', async () => {
    expect(document.openapi).toBe('3.1.0');
    const again = await (await edgeFetch('/api/openapi.json')).text();
    expect(again).toBe(JSON.stringify(document));
  });

  it('documents every /api route the app serves, and nothing it does not', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(25);
    expect(documentedRoutes()).toEqual(served);
  });

  it('documents every 4xx answer with the error body { error: { code, message } }', () => {
    const errors: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, answer] of Object.entries(op.responses)) {
          if (!status.startsWith('4')) continue;
          const ref = (answer.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref;
          if (ref !== '#/components/schemas/Error') errors.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(errors).toEqual([]);
    expect(
      documentedSchema('get', '/api/products/{slug}', 404).safeParse({ error: { code: 'x', message: 'y' } }).success,
    ).toBe(true);
  });

  it('describes what the app answers: the product list, a product, a cart, a checkout and an order', async () => {
    const product = productFixture();
    await publishOk(publishPayload({ products: [product] }));

    const list = await edgeFetch('/api/products?limit=5');
    expect(list.status).toBe(200);
    expectDocumented('get', '/api/products', 200, await list.json());

    const one = await edgeFetch(`/api/products/${product.slug}`);
    expect(one.status).toBe(200);
    expectDocumented('get', '/api/products/{slug}', 200, await one.json());

    const { cart } = await cartWithItem();
    expectDocumented('post', '/api/carts/{id}/items', 200, cart);
    const read = await edgeFetch(`/api/carts/${cart.id}`);
    expectDocumented('get', '/api/carts/{id}', 200, await read.json());

    const placed = await checkout(cart.id, newIdempotencyKey());
    expect(placed.status).toBe(201);
    const answer = await placed.json<CheckoutResponse>();
    expectDocumented('post', '/api/carts/{id}/checkout', 201, answer);

    const order = await edgeFetch(`/api/orders/${answer.order.id}`, {
      headers: { authorization: `Bearer ${answer.orderToken}` },
    });
    expect(order.status).toBe(200);
    expectDocumented('get', '/api/orders/{id}', 200, await order.json());

    const missing = await edgeFetch('/api/products/no-such-product');
    expect(missing.status).toBe(404);
    expectDocumented('get', '/api/products/{slug}', 404, await missing.json());
  });

  it('would notice an answer that breaks its schema', () => {
    expect(
      documentedSchema('get', '/api/products', 200).safeParse({ items: [{ id: 1 }], nextCursor: null }).success,
    ).toBe(false);
  });
});
