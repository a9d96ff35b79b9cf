/**
 * The rating context's rules as pure functions: what a review may say, who moderates it, and
 * how stars are counted. No HTTP, no database.
 */
import { type RatingBreakdown, REVIEW_LIMITS, type ReviewStatus } from '../../contract/rating';

export { REVIEW_LIMITS };

/**
 * `pre`: a review waits for a moderator before shoppers see it; `post`: it is published at once
 * and a moderator may take it down (REVIEW_MODERATION).
 */
export type ModerationPolicy = 'pre' | 'post';

/** The status a new or edited review takes under `policy`. */
export function statusOnSubmit(policy: ModerationPolicy): ReviewStatus {
  return policy === 'post' ? 'published' : 'pending';
}

/**
 * The status an edited review takes: as a new one would, except that a rejected review never
 * comes back into sight by an edit (under post-moderation it goes to the moderators instead).
 */
export function statusOnEdit(policy: ModerationPolicy, current: ReviewStatus): ReviewStatus {
  return current === 'rejected' ? 'pending' : statusOnSubmit(policy);
}

export type ModerationAction = 'publish' | 'reject';

/** The status a moderator's action leads to; the same action twice changes nothing. */
export function statusAfter(action: ModerationAction): ReviewStatus {
  return action === 'publish' ? 'published' : 'rejected';
}

/** Shoppers see a review under its shipping name's first word, never the full name. */
export function defaultAuthorName(shippingName: string): string {
  const first = shippingName.trim().split(/\s+/)[0] ?? '';
  return first.slice(0, REVIEW_LIMITS.authorName) || 'Customer';
}

/** The product's own title from an order line title (`Product — Variant`). */
export function productTitleOf(lineTitle: string): string {
  const at = lineTitle.lastIndexOf(' — ');
  return at > 0 ? lineTitle.slice(0, at) : lineTitle;
}

/** Text a shopper typed: trimmed, inner whitespace kept, empty → null. */
export function cleanText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export type StarCounts = [number, number, number, number, number];

/** One decimal, from integers only (sum × 10 / count rounded), so 4.35 never prints as 4.349999. */
export function averageOf(total: number, count: number): number {
  return count === 0 ? 0 : Math.round((total * 10) / count) / 10;
}

/** Counts, total and average of published reviews from how many gave each number of stars. */
export function breakdown(stars: StarCounts): RatingBreakdown & { total: number } {
  const count = stars.reduce((a, b) => a + b, 0);
  const total = stars.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return {
    average: averageOf(total, count),
    count,
    total,
    distribution: { '1': stars[0], '2': stars[1], '3': stars[2], '4': stars[3], '5': stars[4] },
  };
}

/** Star counts from `(rating, n)` rows, ignoring anything outside 1..5. */
export function starCounts(rows: Array<{ rating: number; n: number }>): StarCounts {
  const stars: StarCounts = [0, 0, 0, 0, 0];
  for (const { rating, n } of rows) {
    if (rating >= 1 && rating <= 5) stars[rating - 1] = (stars[rating - 1] ?? 0) + Number(n);
  }
  return stars;
}
