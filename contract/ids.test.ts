import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is prefixed and 26 characters of Crockford base32', () => {
    expect(newId('prod')).toMatch(/^prod_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts in creation order, even within one millisecond', () => {
    const now = Date.now() + 10_000;
    const ids = Array.from({ length: 1000 }, () => newId('evt', now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it('is reproducible with an injected clock and random source', () => {
    const rng = () => 0.5;
    expect(newId('var', 1_700_000_000_000, rng)).toBe(newId('var', 1_700_000_000_000, rng));
  });

  it('encodes time first, so a later id sorts after an earlier one', () => {
    const rng = () => 0.99;
    expect(newId('prod', 2000, () => 0) > newId('prod', 1000, rng)).toBe(true);
  });
});
