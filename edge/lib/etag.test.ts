import { describe, expect, it } from 'vitest';
import { computeEtag, ifNoneMatchHits } from './etag';

describe('computeEtag', () => {
  it('is a quoted strong tag that depends only on the body', async () => {
    const a = await computeEtag('{"a":1}');
    expect(a).toMatch(/^"[0-9a-f]{24}"$/);
    expect(await computeEtag('{"a":1}')).toBe(a);
    expect(await computeEtag('{"a":2}')).not.toBe(a);
  });
});

describe('ifNoneMatchHits', () => {
  const etag = '"abc"';
  it('matches the exact tag, a weak form of it, a list containing it, or *', () => {
    expect(ifNoneMatchHits('"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
  });

  it('does not match a missing header or other tags', () => {
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
    expect(ifNoneMatchHits('"abcd"', etag)).toBe(false);
    expect(ifNoneMatchHits('abc', etag)).toBe(false);
  });
});
