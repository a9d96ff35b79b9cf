import { describe, expect, it } from 'vitest';
import { canonicalJson, decideExistingKey, requestHash } from './idempotency';

describe('canonicalJson', () => {
  it('is independent of key order at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"x":0,"y":1}]},"b":1}',
    );
  });

  it('keeps array order', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('requestHash', () => {
  it('hashes equal requests equally and different ones differently', async () => {
    const a = await requestHash({ email: 'a@x.io', lines: [{ variantId: 'v', quantity: 1 }] });
    const b = await requestHash({ lines: [{ quantity: 1, variantId: 'v' }], email: 'a@x.io' });
    const c = await requestHash({ email: 'a@x.io', lines: [{ variantId: 'v', quantity: 2 }] });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('decideExistingKey', () => {
  const stored = { requestHash: 'h1', responseStatus: 201, responseBody: { order: { id: 'ord_1' } } };

  it('replays the stored response for the same request', () => {
    expect(decideExistingKey(stored, 'h1')).toEqual({ kind: 'replay', status: 201, body: { order: { id: 'ord_1' } } });
  });

  it('refuses a different request under the same key', () => {
    expect(decideExistingKey(stored, 'h2')).toEqual({ kind: 'mismatch' });
  });
});
