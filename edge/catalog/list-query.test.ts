import { describe, expect, it } from 'vitest';
import { listQuerySchema, normalizeListQuery } from './list-query';

const parse = (query: Record<string, string | string[]>) => listQuerySchema.safeParse(query);

describe('listQuerySchema', () => {
  it('accepts the documented parameters', () => {
    expect(parse({ category: 'women-tops', q: 'linen', cursor: 'cHJvZF8x', limit: '100' }).success).toBe(true);
    expect(parse({}).success).toBe(true);
  });

  it('refuses unknown parameters', () => {
    expect(parse({ categroy: 'x' }).success).toBe(false);
  });

  it('refuses limits outside 1..100 or not integers', () => {
    for (const limit of ['0', '101', '-1', '1.5', 'ten', '', '1e2']) expect(parse({ limit }).success).toBe(false);
  });

  it('refuses repeated parameters', () => {
    expect(parse({ limit: ['1', '2'] }).success).toBe(false);
  });

  it('refuses malformed categories and cursors', () => {
    expect(parse({ category: '../admin' }).success).toBe(false);
    expect(parse({ cursor: 'a/b' }).success).toBe(false);
  });
});

describe('normalizeListQuery', () => {
  const normalize = (query: Record<string, string>) => normalizeListQuery(listQuerySchema.parse(query));

  it('gives equivalent queries one canonical form with an explicit default limit', () => {
    expect(normalize({ q: '  linen   tee ', category: 'tops' })).toBe('category=tops&limit=20&q=linen+tee');
    expect(normalize({ category: 'tops', q: 'linen tee', limit: '20' })).toBe('category=tops&limit=20&q=linen+tee');
  });

  it('treats empty text parameters as absent', () => {
    expect(normalize({ q: '', category: ' ' })).toBe('limit=20');
  });
});
