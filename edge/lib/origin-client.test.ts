import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProductSnapshot } from '../../contract/catalog';
import { verifyInternalRequest } from '../../contract/signing';
import { productFixture } from '../../test/edge/catalog-fixtures';
import { createOriginClient, OriginRejectedError, OriginUnavailableError } from './origin-client';

const SECRET = 'origin-client-secret';

afterEach(() => vi.restoreAllMocks());

function clientAnswering(handler: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const client = createOriginClient({
    originUrl: 'http://origin.test',
    internalSecret: SECRET,
    fetch: async (input, init) => {
      const req = new Request(input, init);
      seen.push(req);
      return handler(req);
    },
  });
  return { client, seen };
}

describe('createOriginClient', () => {
  it('signs every request so the origin can verify it', async () => {
    const { client, seen } = clientAnswering(() => Response.json({ items: [], nextCursor: null }));
    await client.listProducts('limit=20&q=tee');
    const req = seen[0];
    if (!req) throw new Error('no request');
    const url = new URL(req.url);
    expect(url.pathname + url.search).toBe('/internal/catalog/products?limit=20&q=tee');
    expect(await verifyInternalRequest(SECRET, 'GET', url.pathname + url.search, '', req.headers)).toBe(true);
  });

  it('forwards the request id so edge and origin logs share it', async () => {
    const seen: Request[] = [];
    const client = createOriginClient({
      originUrl: 'http://origin.test',
      internalSecret: SECRET,
      requestId: 'trace-catalog-1',
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return Response.json({ items: [] });
      },
    });
    await client.getCategories();
    expect(seen[0]?.headers.get('x-request-id')).toBe('trace-catalog-1');
  });

  it('returns the snapshot, or null on 404', async () => {
    const product = productFixture();
    const { client } = clientAnswering((req) =>
      req.url.endsWith(`/${product.slug}`) ? Response.json(product) : Response.json({}, { status: 404 }),
    );
    expect(await client.getProduct(product.slug)).toEqual<ProductSnapshot>(product);
    expect(await client.getProduct('missing')).toBeNull();
  });

  it('unwraps the categories envelope', async () => {
    const items = [{ id: 'cat_1', slug: 'tops', name: 'Tops', parentId: null }];
    const { client } = clientAnswering(() => Response.json({ items }));
    expect(await client.getCategories()).toEqual(items);
  });

  it('turns 5xx answers and network failures into OriginUnavailableError', async () => {
    const failing = clientAnswering(() => new Response('boom', { status: 503 })).client;
    await expect(failing.getVariant('var_1')).rejects.toBeInstanceOf(OriginUnavailableError);
    const unreachable = clientAnswering(() => {
      throw new TypeError('connection refused');
    }).client;
    await expect(unreachable.getCategories()).rejects.toBeInstanceOf(OriginUnavailableError);
  });

  it('reads through a connection lost under it: sent once more, signed anew, no OriginUnavailableError', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const product = productFixture();
    let attempts = 0;
    const { client, seen } = clientAnswering(() => {
      if (attempts++ === 0) throw new Error('Network connection lost.');
      return Response.json(product);
    });
    expect(await client.getProduct(product.slug)).toEqual(product);
    expect(seen).toHaveLength(2);
    const retry = seen[1] as Request;
    const url = new URL(retry.url);
    expect(await verifyInternalRequest(SECRET, 'GET', url.pathname, '', retry.headers)).toBe(true);
    expect(retry.headers.get('x-internal-nonce')).not.toBe(seen[0]?.headers.get('x-internal-nonce'));
  });

  it('turns a 400 into OriginRejectedError carrying the origin message', async () => {
    const { client } = clientAnswering(() =>
      Response.json({ error: { code: 'invalid_request', message: 'bad cursor' } }, { status: 400 }),
    );
    await expect(client.listProducts('cursor=zz&limit=20')).rejects.toEqual(new OriginRejectedError('bad cursor'));
  });
});
