import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trips a product id', () => {
    const id = 'prod_01JD5X0000ABCDEFGHJKMNPQRS';
    expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it('rejects malformed or foreign cursors', () => {
    expect(decodeCursor('!!!')).toBeNull();
    expect(decodeCursor(encodeCursor('var_123'))).toBeNull();
    expect(decodeCursor(btoa("prod_1' or 1=1"))).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });
});
