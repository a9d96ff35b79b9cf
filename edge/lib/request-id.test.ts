/**
 * The edge keeps or replaces an incoming `x-request-id` exactly as the origin does: the shared
 * examples (contract/request-id.examples.ts, also run through the origin's app in
 * origin/platform/request-id.test.ts) go through the Worker, and the id it settles on is both
 * the one it answers with and the one it forwards, signed, to the origin.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_ID_EXAMPLES } from '../../contract/request-id.examples';
import { verifyInternalRequest } from '../../contract/signing';
import { productFixture, publishOk, TEST_SECRET, variantFixture } from '../../test/edge/catalog-fixtures';
import { edgeFetch, randomClientIp } from '../../test/edge/edge-fetch';
import { installFakeOrigin, TEST_ORIGIN } from '../../test/edge/fake-origin';
import { clearCatalogL1 } from '../catalog/catalog-l1';
import { clearRepeatReads, repeatReadStats } from '../gateway/repeat-reads';

const FRESH = /^req_[0-9a-f]{32}$/;

/** What the origin received: each call with whether its signature (x-request-id included) holds. */
interface OriginCall {
  requestId: string | null;
  signed: boolean;
}

/** Records the Worker's calls to the origin and answers every catalog list with an empty page. */
function recordOriginCalls(): OriginCall[] {
  const calls: OriginCall[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    if (!req.url.startsWith(TEST_ORIGIN)) return realFetch(req);
    const url = new URL(req.url);
    const signed = await verifyInternalRequest(TEST_SECRET, req.method, url.pathname + url.search, '', req.headers);
    calls.push({ requestId: req.headers.get('x-request-id'), signed });
    return Response.json({ items: [], nextCursor: null });
  });
  return calls;
}

/** A catalog search the L1 cache has never seen, so the Worker asks the origin. */
const freshSearch = () => `/api/products?q=${crypto.randomUUID().slice(0, 8)}`;

beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

describe('request ids at the edge', () => {
  it.each(REQUEST_ID_EXAMPLES)(
    'answers with and forwards $sent as the shared rule says ($why)',
    async ({ sent, kept }) => {
      const calls = recordOriginCalls();
      const res = await edgeFetch(freshSearch(), { headers: { 'x-request-id': sent } });
      expect(res.status).toBe(200);
      const answered = res.headers.get('x-request-id');
      if (kept) expect(answered).toBe(sent);
      else expect(answered).toMatch(FRESH);
      expect(calls).toEqual([{ requestId: answered, signed: true }]);
    },
  );

  it('mints an id when there is none and forwards that one', async () => {
    const calls = recordOriginCalls();
    const res = await edgeFetch(freshSearch());
    const answered = res.headers.get('x-request-id');
    expect(answered).toMatch(FRESH);
    expect(calls).toEqual([{ requestId: answered, signed: true }]);
  });

  it('applies the same rule on the hot path of repeat catalog reads', async () => {
    clearCatalogL1();
    clearRepeatReads();
    installFakeOrigin();
    const product = productFixture({ variants: [variantFixture()] });
    await publishOk({ products: [product], removedSlugs: [], removedVariantIds: [] });
    const clientIp = randomClientIp();
    const read = (headers: Record<string, string>) =>
      edgeFetch(`/api/products/${product.slug}`, { headers: { 'cf-connecting-ip': clientIp, ...headers } });
    await read({});
    for (const { sent, kept } of REQUEST_ID_EXAMPLES) {
      const served = repeatReadStats.served;
      const res = await read({ 'x-request-id': sent });
      expect(repeatReadStats.served, `${sent} answered by the hot path`).toBe(served + 1);
      if (kept) expect(res.headers.get('x-request-id')).toBe(sent);
      else expect(res.headers.get('x-request-id'), sent).toMatch(FRESH);
    }
  });
});
