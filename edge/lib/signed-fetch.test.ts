import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NONCE_HEADER, SIGNATURE_HEADER, verifyInternalRequest } from '../../contract/signing';
import { type SignedRequest, signedOriginFetch } from './signed-fetch';

const SECRET = 'signed-fetch-secret';
const TARGET = { originUrl: 'http://origin.test', internalSecret: SECRET };

beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

/** An origin stand-in behind `fetch`: `answer(n)` decides the n-th attempt (from 0). */
function origin(answer: (n: number, req: Request) => Response | Promise<Response>) {
  const seen: { req: Request; body: string }[] = [];
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ req, body: await req.clone().text() });
    return answer(seen.length - 1, req);
  }) as typeof fetch;
  return { seen, doFetch };
}

const lost = () => {
  throw new TypeError('Network connection lost.');
};

const request = (over: Partial<SignedRequest> & { fetch: typeof fetch }): SignedRequest => ({
  method: 'GET',
  pathAndQuery: '/internal/catalog/products/tee',
  requestId: 'trace-1',
  timeoutMs: 2_000,
  ...over,
});

async function verifies({ req, body }: { req: Request; body: string }): Promise<boolean> {
  const url = new URL(req.url);
  return verifyInternalRequest(SECRET, req.method, url.pathname + url.search, body, req.headers);
}

describe('signedOriginFetch retries', () => {
  it('sends a read once more, signed anew, after a connection failure', async () => {
    const o = origin((n) => (n === 0 ? lost() : Response.json({ ok: true })));
    const res = await signedOriginFetch(TARGET, request({ fetch: o.doFetch }));
    expect(res.status).toBe(200);
    expect(o.seen).toHaveLength(2);
    const [first, second] = o.seen as [(typeof o.seen)[0], (typeof o.seen)[0]];
    expect(second.req.headers.get(NONCE_HEADER)).not.toBe(first.req.headers.get(NONCE_HEADER));
    expect(second.req.headers.get(SIGNATURE_HEADER)).not.toBe(first.req.headers.get(SIGNATURE_HEADER));
    expect(await verifies(second)).toBe(true);
    expect(second.req.headers.get('x-request-id')).toBe('trace-1');
  });

  it('sends an idempotent POST (a checkout, by its key) once more the same way', async () => {
    const o = origin((n) => (n === 0 ? lost() : Response.json({ order: { id: 'ord_1' } }, { status: 201 })));
    const res = await signedOriginFetch(
      TARGET,
      request({
        method: 'POST',
        pathAndQuery: '/internal/checkout',
        body: '{"k":1}',
        idempotent: true,
        fetch: o.doFetch,
      }),
    );
    expect(res.status).toBe(201);
    expect(o.seen.map((s) => s.body)).toEqual(['{"k":1}', '{"k":1}']);
    expect(await verifies(o.seen[1] as (typeof o.seen)[0])).toBe(true);
  });

  it('sends any other POST once: its first attempt may have reached the origin', async () => {
    const o = origin(lost);
    const call = signedOriginFetch(
      TARGET,
      request({ method: 'POST', pathAndQuery: '/internal/auth/login', body: '{}', fetch: o.doFetch }),
    );
    await expect(call).rejects.toThrow('Network connection lost.');
    expect(o.seen).toHaveLength(1);
  });

  it('retries once only', async () => {
    const o = origin(lost);
    await expect(signedOriginFetch(TARGET, request({ fetch: o.doFetch }))).rejects.toThrow('Network connection lost.');
    expect(o.seen).toHaveLength(2);
  });

  it('does not retry a timeout: one deadline covers the call', async () => {
    const o = origin(
      (_n, req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        }),
    );
    const call = signedOriginFetch(TARGET, request({ timeoutMs: 30, fetch: o.doFetch }));
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(o.seen).toHaveLength(1);
  });

  it('does not retry an answer, whatever its status', async () => {
    const o = origin(() => new Response('busy', { status: 503 }));
    const res = await signedOriginFetch(TARGET, request({ fetch: o.doFetch }));
    expect(res.status).toBe(503);
    expect(o.seen).toHaveLength(1);
  });
});
