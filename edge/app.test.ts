import { describe, expect, it } from 'vitest';
import { edgeFetch, jsonRequest } from '../test/edge/edge-fetch';

describe('edge gateway', () => {
  it('answers GET /health with 200 ok, uncached, without calling the origin', async () => {
    const res = await edgeFetch('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('answers an unknown route with a 404 not_found JSON error', async () => {
    const res = await edgeFetch('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toBeTypeOf('string');
  });

  it('puts a generated x-request-id on every response', async () => {
    const ok = await edgeFetch('/api/carts', { method: 'POST' });
    const missing = await edgeFetch('/nope');
    expect(ok.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(missing.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(ok.headers.get('x-request-id')).not.toBe(missing.headers.get('x-request-id'));
  });

  it('reuses a sane incoming x-request-id and replaces an unsafe one', async () => {
    const reused = await edgeFetch('/nope', { headers: { 'x-request-id': 'trace-abc.123:4' } });
    expect(reused.headers.get('x-request-id')).toBe('trace-abc.123:4');
    const replaced = await edgeFetch('/nope', { headers: { 'x-request-id': 'bad id\twith "quotes"' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_/);
    const tooLong = await edgeFetch('/nope', { headers: { 'x-request-id': 'a'.repeat(129) } });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('puts the request id on error responses too', async () => {
    const res = await edgeFetch('/api/products?limit=0', { headers: { 'x-request-id': 'err-trace' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('err-trace');
  });

  it('answers malformed JSON with 400 malformed_json, not 500', async () => {
    const created = await edgeFetch('/api/carts', { method: 'POST' });
    const { id } = await created.json<{ id: string }>();
    const res = await edgeFetch(`/api/carts/${id}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"variantId": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });

  it('refuses a body without a JSON content type with 400', async () => {
    const created = await edgeFetch('/api/carts', { method: 'POST' });
    const { id } = await created.json<{ id: string }>();
    const res = await edgeFetch(`/api/carts/${id}/items`, {
      method: 'POST',
      body: '{"variantId":"var_x","quantity":1}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses a wrong JSON shape with 400 invalid_request', async () => {
    const created = await edgeFetch('/api/carts', { method: 'POST' });
    const { id } = await created.json<{ id: string }>();
    const res = await edgeFetch(`/api/carts/${id}/items`, jsonRequest('POST', [1, 2, 3]));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
