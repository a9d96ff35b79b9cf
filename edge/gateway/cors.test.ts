import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { edgeFetch, randomClientIp } from '../../test/edge/edge-fetch';
import { app } from '../app';

const SHOP = 'https://shop.test';

beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

/** The edge app with extra vars, as a deployment with them would run it. */
function withVars(vars: Record<string, string>) {
  const bindings = { ...env, ...vars } as unknown as Env;
  return (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', randomClientIp());
    return app.request(path, { ...init, headers }, bindings);
  };
}

const corsHeaders = (res: Response) => [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('CORS with no allowed origins (the default)', () => {
  it('adds no CORS headers, so browsers keep the API same-origin', async () => {
    const res = await edgeFetch('/api/carts', { method: 'POST', headers: { origin: SHOP } });
    expect(res.status).toBe(201);
    expect(corsHeaders(res)).toEqual([]);
    const preflight = await edgeFetch('/api/carts', {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    });
    expect(corsHeaders(preflight)).toEqual([]);
  });
});

describe('CORS with CORS_ALLOWED_ORIGINS', () => {
  const fetchEdge = withVars({ CORS_ALLOWED_ORIGINS: `${SHOP}, http://localhost:5173` });

  it('lets a listed origin read responses, with credentials for the cart cookie', async () => {
    const res = await fetchEdge('/api/carts', { method: 'POST', headers: { origin: SHOP } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Catalog-Stale');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers a preflight for checkout with the Idempotency-Key and Authorization headers allowed', async () => {
    const res = await fetchEdge('/api/carts/cart-1/checkout', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key, authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'idempotency-key', 'authorization']));
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never allows an origin that is not listed', async () => {
    const res = await fetchEdge('/api/carts', { method: 'POST', headers: { origin: 'https://evil.test' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetchEdge('/api/carts', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a listed origin read a 429 and its Retry-After', async () => {
    const limited = withVars({ CORS_ALLOWED_ORIGINS: SHOP, RATE_LIMIT_AUTH: '1' });
    const ip = randomClientIp();
    const login = () =>
      limited('/api/auth/login', { method: 'POST', headers: { origin: SHOP, 'cf-connecting-ip': ip } });
    expect((await login()).status).toBe(400); // no body: refused by the route, counted by the limit
    const refused = await login();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(refused.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});
