import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { internalPaths } from '../../contract/catalog';
import { signInternalRequest } from '../../contract/signing';
import { productFixture, publish, publishPayload, TEST_SECRET } from '../../test/edge/catalog-fixtures';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { kvKeys } from './kv-keys';

async function expectUnauthorized(res: Response, slug: string): Promise<void> {
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
  expect(await env.CATALOG.get(kvKeys.product(slug))).toBeNull();
}

describe('publish authentication', () => {
  it('refuses a request without a signature', async () => {
    const product = productFixture();
    const res = await edgeFetch(internalPaths.publish, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(publishPayload({ products: [product] })),
    });
    await expectUnauthorized(res, product.slug);
  });

  it('refuses a signature made with another secret', async () => {
    const product = productFixture();
    await expectUnauthorized(
      await publish(publishPayload({ products: [product] }), { secret: 'not-the-secret' }),
      product.slug,
    );
  });

  it('refuses a stale signature (replay outside the window)', async () => {
    const product = productFixture();
    const twoMinutesAgo = Date.now() - 120_000;
    await expectUnauthorized(
      await publish(publishPayload({ products: [product] }), { now: twoMinutesAgo }),
      product.slug,
    );
  });

  it('refuses a body that differs from the signed one', async () => {
    const product = productFixture();
    const signed = JSON.stringify(publishPayload());
    const headers = await signInternalRequest(TEST_SECRET, 'POST', internalPaths.publish, signed);
    const res = await edgeFetch(internalPaths.publish, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(publishPayload({ products: [product] })),
    });
    await expectUnauthorized(res, product.slug);
  });

  it('refuses a signature for another path', async () => {
    const product = productFixture();
    const body = JSON.stringify(publishPayload({ products: [product] }));
    const headers = await signInternalRequest(TEST_SECRET, 'POST', '/internal/other', body);
    const res = await edgeFetch(internalPaths.publish, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    await expectUnauthorized(res, product.slug);
  });

  it('does not expose other internal paths', async () => {
    const res = await edgeFetch('/internal/catalog/products');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
