import { afterEach, describe, expect, it, vi } from 'vitest';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { TEST_ORIGIN } from '../../test/edge/fake-origin';

afterEach(() => vi.restoreAllMocks());

/** Records the Worker's calls to the origin and answers every catalog list with an empty page. */
function recordOriginCalls(): Request[] {
  const calls: Request[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    if (!req.url.startsWith(TEST_ORIGIN)) return realFetch(req);
    calls.push(req);
    return Response.json({ items: [], nextCursor: null });
  });
  return calls;
}

describe('request ids at the origin', () => {
  it('sends the shopper request id with catalog reads that reach the origin', async () => {
    const calls = recordOriginCalls();
    const res = await edgeFetch(`/api/products?q=${crypto.randomUUID().slice(0, 8)}`, {
      headers: { 'x-request-id': 'trace-catalog-2' },
    });
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.get('x-request-id')).toBe('trace-catalog-2');
  });
});
