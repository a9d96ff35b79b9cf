import { describe, expect, it } from 'vitest';
import { searchTerms } from './list-query';

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
