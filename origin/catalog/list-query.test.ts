import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, searchTerms } from './list-query';

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

describe('searchTerms', () => {
  it('matches every word as a prefix', () => {
    expect(searchTerms('Blue  shi')).toBe('blue:* & shi:*');
  });

  it('drops tsquery syntax and punctuation', () => {
    expect(searchTerms("a&b | !c:* 'd'")).toBe('a:* & b:* & c:* & d:*');
  });

  it('keeps letters beyond ASCII', () => {
    expect(searchTerms('Café größe')).toBe('café:* & größe:*');
  });

  it('returns null when nothing searchable remains', () => {
    expect(searchTerms(' !? ')).toBeNull();
  });

  it('bounds the number and length of words', () => {
    const terms = searchTerms(`${'x'.repeat(100)} ${'w '.repeat(20)}`) ?? '';
    expect(terms.split(' & ')).toHaveLength(8);
    expect(terms.split(' & ')[0]).toBe(`${'x'.repeat(40)}:*`);
  });
});
