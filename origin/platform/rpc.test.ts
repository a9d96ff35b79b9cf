/**
 * Service calls between subsystems (rpc.ts): signed, validated both ways, the same whether the
 * service runs in-process or elsewhere; an unreachable or misbehaving service makes the caller's
 * request fail retryably (503 with Retry-After), never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInternalRequest } from '../../contract/signing';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { loadConfig } from './config/config';

let t: TestOrigin;
/** What the "other services" answer, per test; the orders unit is alone here. */
let others: (req: Request) => Promise<Response>;
beforeAll(async () => {
  t = await startTestOrigin(
    { ORIGIN_SERVICES: 'checkout,orders,inventory,payment,logistics', SERVICES_URL: 'http://services.test' },
    {
      serviceFetch: (async (input: string, init?: RequestInit) => others(new Request(input, init))) as typeof fetch,
    },
  );
});
afterAll(() => t.close());

const rpc = async (path: string, body: unknown, sign = true) => {
  const raw = JSON.stringify(body);
  const headers = sign ? await signInternalRequest(INTERNAL_SECRET, 'POST', path, raw) : {};
  return t.origin.app.request(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: raw,
  });
};

describe('the routes of the services an instance serves', () => {
  it('answers a signed call with the validated output', async () => {
    const res = await rpc('/rpc/inventory/stockLevels', { variantIds: ['var_missing'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it('refuses an unsigned call, bad input, and a service it does not serve', async () => {
    expect((await rpc('/rpc/inventory/stockLevels', { variantIds: [] }, false)).status).toBe(401);
    expect((await rpc('/rpc/inventory/stockLevels', { variantIds: 'no' })).status).toBe(400);
    expect((await rpc('/rpc/members/staffExists', { staffId: 'stf_1' })).status).toBe(404);
  });
});

describe('calls to a service served elsewhere', () => {
  const adminList = () => t.admin('GET', '/admin/orders');

  it('fails the request retryably when the service cannot be reached', async () => {
    others = async () => {
      throw new TypeError('connection refused');
    };
    const res = await adminList();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ error: { code: 'service_unavailable' } });
  });

  it('fails it the same way when the answer breaks the contract or the service errs', async () => {
    others = async () => Response.json({ kind: 'root', permissions: ['not-a-permission'] });
    expect((await adminList()).status).toBe(503);
    others = async () => new Response('boom', { status: 500 });
    expect((await adminList()).status).toBe(503);
  });

  it('signs its calls, and takes the remote answer as the local one would be', async () => {
    const seen: Request[] = [];
    others = async (req) => {
      seen.push(req.clone() as Request);
      return Response.json({ kind: 'root', permissions: ['orders:read'] });
    };
    expect((await adminList()).status).toBe(200);
    const call = seen[0] as Request;
    expect(new URL(call.url).pathname).toBe('/rpc/members/authenticate');
    expect(call.headers.get('x-internal-signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(await call.json()).toEqual({ authorization: 'Bearer test-admin-token' });
  });

  it('passes a refusal the service explains (4xx) on as it is', async () => {
    others = async () => Response.json({ error: { code: 'forbidden', message: 'no' } }, { status: 403 });
    expect((await adminList()).status).toBe(403);
  });
});

describe('ORIGIN_SERVICES', () => {
  const base = { NODE_ENV: 'test', ADMIN_TOKEN: 'x', INTERNAL_SECRET: 'y' };

  it('serves every subsystem by default, reaching nothing elsewhere', () => {
    expect(loadConfig(base).services.local).toHaveLength(10);
  });

  it('refuses to split the subsystems that share transactions, unknown names, and no SERVICES_URL', () => {
    expect(() => loadConfig({ ...base, ORIGIN_SERVICES: 'orders,payment', SERVICES_URL: 'http://lb' })).toThrow(
      /share transactions/,
    );
    expect(() => loadConfig({ ...base, ORIGIN_SERVICES: 'catalog,shipping', SERVICES_URL: 'http://lb' })).toThrow(
      /unknown service shipping/,
    );
    expect(() => loadConfig({ ...base, ORIGIN_SERVICES: 'catalog' })).toThrow(/SERVICES_URL/);
    expect(loadConfig({ ...base, ORIGIN_SERVICES: 'rating,support', SERVICES_URL: 'http://lb/' }).services).toEqual({
      local: ['rating', 'support'],
      url: 'http://lb',
    });
  });
});
