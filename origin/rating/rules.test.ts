import { describe, expect, it } from 'vitest';
import {
  averageOf,
  breakdown,
  cleanText,
  defaultAuthorName,
  productTitleOf,
  starCounts,
  statusAfter,
  statusOnEdit,
  statusOnSubmit,
} from './rules';

describe('rating rules', () => {
  it('holds reviews for a moderator under pre-moderation and publishes them at once under post', () => {
    expect(statusOnSubmit('pre')).toBe('pending');
    expect(statusOnSubmit('post')).toBe('published');
    expect(statusAfter('publish')).toBe('published');
    expect(statusAfter('reject')).toBe('rejected');
  });

  it('never brings a rejected review back into sight by an edit', () => {
    expect(statusOnEdit('post', 'rejected')).toBe('pending');
    expect(statusOnEdit('pre', 'rejected')).toBe('pending');
    expect(statusOnEdit('post', 'published')).toBe('published');
    expect(statusOnEdit('pre', 'published')).toBe('pending');
  });

  it('shows a reviewer by the first word of the shipping name only', () => {
    expect(defaultAuthorName('Ada Lovelace')).toBe('Ada');
    expect(defaultAuthorName('  Grace   Brewster Hopper ')).toBe('Grace');
    expect(defaultAuthorName('   ')).toBe('Customer');
    expect(defaultAuthorName('x'.repeat(80))).toHaveLength(60);
  });

  it('takes the product title out of an order line title', () => {
    expect(productTitleOf('Linen Shirt — Size M')).toBe('Linen Shirt');
    expect(productTitleOf('A — B — Red')).toBe('A — B');
    expect(productTitleOf('Plain')).toBe('Plain');
    expect(productTitleOf(' — Red')).toBe(' — Red'); // a separator first leaves no product title to take
  });

  it('trims what a shopper typed and turns blanks into nothing', () => {
    expect(cleanText('  Great fit \n')).toBe('Great fit');
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(undefined)).toBeNull();
    expect(cleanText(null)).toBeNull();
  });

  it('averages to one decimal from integers, zero without reviews', () => {
    expect(averageOf(0, 0)).toBe(0);
    expect(averageOf(13, 3)).toBe(4.3);
    expect(averageOf(87, 20)).toBe(4.4); // 4.35 rounds up, exactly
    expect(averageOf(5, 1)).toBe(5);
  });

  it('counts stars into a breakdown whose totals agree', () => {
    const b = breakdown([1, 0, 2, 3, 4]);
    expect(b).toEqual({
      average: 3.9,
      count: 10,
      total: 39,
      distribution: { '1': 1, '2': 0, '3': 2, '4': 3, '5': 4 },
    });
    expect(
      starCounts([
        { rating: 5, n: 2 },
        { rating: 1, n: 1 },
        { rating: 9, n: 7 },
      ]),
    ).toEqual([1, 0, 0, 0, 2]);
  });

  it('adds up rows of the same rating and keeps exactly five counts, ignoring ratings below one', () => {
    const stars = starCounts([
      { rating: 3, n: 4 },
      { rating: 0, n: 6 },
      { rating: 5, n: 2 },
      { rating: 3, n: 1 },
      { rating: -2, n: 9 },
      { rating: 4, n: 1 },
      { rating: 4, n: 3 },
    ]);
    expect(stars).toEqual([0, 0, 5, 4, 2]);
    expect(Object.keys(stars)).toEqual(['0', '1', '2', '3', '4']);
  });
});
