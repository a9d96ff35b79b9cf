import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NONCE_HEADER, SIGNATURE_HEADER, verifyInternalRequest } from '../../contract/signing';
import {
  RETRY_BUDGET_MAX,
  RETRY_BUDGET_RATIO,
  retryBudget,
  type SignedRequest,
  signedOriginFetch,
} from './signed-fetch';

const SECRET = 'signed-fetch-secret';
const TARGET = { originUrl: 'http://origin.test', internalSecret: SECRET };

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  retryBudget.reset();
});
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

  it('retries a read answered 502/503/504 once (the origin did not handle it), but no other status', async () => {
    const busy = origin((n) => (n === 0 ? new Response('busy', { status: 503 }) : Response.json({ ok: true })));
    expect((await signedOriginFetch(TARGET, request({ fetch: busy.doFetch }))).status).toBe(200);
    expect(busy.seen).toHaveLength(2);

    const failing = origin(() => new Response('boom', { status: 500 }));
    expect((await signedOriginFetch(TARGET, request({ fetch: failing.doFetch }))).status).toBe(500);
    expect(failing.seen).toHaveLength(1);
  });

  it('does not retry a 503 of a POST that is not idempotent', async () => {
    const o = origin(() => new Response('busy', { status: 503 }));
    const res = await signedOriginFetch(
      TARGET,
      request({ method: 'POST', pathAndQuery: '/internal/auth/login', body: '{}', fetch: o.doFetch }),
    );
    expect(res.status).toBe(503);
    expect(o.seen).toHaveLength(1);
  });

  it("gives a hung read's first attempt attemptTimeoutMs and the rest of the deadline to one retry", async () => {
    const hang = (req: Request) =>
      new Promise<Response>((_resolve, reject) => {
        req.signal.addEventListener('abort', () => reject(req.signal.reason));
      });
    const o = origin((n, req) => (n === 0 ? hang(req) : Response.json({ ok: true })));
    const res = await signedOriginFetch(TARGET, request({ timeoutMs: 5_000, attemptTimeoutMs: 20, fetch: o.doFetch }));
    expect(res.status).toBe(200);
    expect(o.seen).toHaveLength(2);

    const down = origin((_n, req) => hang(req));
    const call = signedOriginFetch(TARGET, request({ timeoutMs: 60, attemptTimeoutMs: 20, fetch: down.doFetch }));
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(down.seen).toHaveLength(2);
  });

  it('does not retry a hung checkout: only GETs have an attempt timeout', async () => {
    const o = origin(
      (_n, req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        }),
    );
    const call = signedOriginFetch(
      TARGET,
      request({
        method: 'POST',
        pathAndQuery: '/internal/checkout',
        body: '{}',
        idempotent: true,
        timeoutMs: 60,
        attemptTimeoutMs: 20,
        fetch: o.doFetch,
      }),
    );
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(o.seen).toHaveLength(1);
  });
});

describe('the retry budget', () => {
  const busy = () => new Response('busy', { status: 503 });

  it('stops retrying a struggling origin once the budget is spent, and earns retries back from calls', async () => {
    const down = origin(busy);
    const calls = 40;
    for (let i = 0; i < calls; i++) {
      expect((await signedOriginFetch(TARGET, request({ fetch: down.doFetch }))).status).toBe(503);
    }
    // Every call deposits RATIO of a token; every retry spends one. Starting full, the budget
    // pays for MAX retries plus what the calls deposit, never one retry per call.
    const retries = down.seen.length - calls;
    expect(retries).toBeLessThan(calls);
    expect(retries).toBe(Math.floor(RETRY_BUDGET_MAX + calls * RETRY_BUDGET_RATIO - 1e-9));
    expect(retryBudget.tokens()).toBeLessThan(1);

    retryBudget.reset(0);
    const once = origin((n) => (n === 0 ? busy() : Response.json({ ok: true })));
    expect((await signedOriginFetch(TARGET, request({ fetch: once.doFetch }))).status).toBe(503);
    expect(once.seen).toHaveLength(1); // no token: no retry

    retryBudget.reset(0);
    const healthy = origin(() => Response.json({ ok: true }));
    for (let i = 0; i < Math.ceil(1 / RETRY_BUDGET_RATIO); i++) {
      await signedOriginFetch(TARGET, request({ fetch: healthy.doFetch }));
    }
    const recovered = origin((n) => (n === 0 ? busy() : Response.json({ ok: true })));
    expect((await signedOriginFetch(TARGET, request({ fetch: recovered.doFetch }))).status).toBe(200);
    expect(recovered.seen).toHaveLength(2);
  });

  it('budgets the retry of a hung read too', async () => {
    retryBudget.reset(0);
    const o = origin(
      (_n, req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        }),
    );
    const call = signedOriginFetch(TARGET, request({ timeoutMs: 5_000, attemptTimeoutMs: 20, fetch: o.doFetch }));
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(o.seen).toHaveLength(1);
  });

  it('does not spend the budget on a call that got no answer at all (a lost pooled connection)', async () => {
    retryBudget.reset(0);
    const o = origin((n) => (n === 0 ? lost() : Response.json({ ok: true })));
    expect((await signedOriginFetch(TARGET, request({ fetch: o.doFetch }))).status).toBe(200);
    expect(o.seen).toHaveLength(2);
  });
});
