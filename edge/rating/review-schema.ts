import { z } from 'zod';
import { REVIEW_LIMITS as LIMITS, REVIEW_SORTS } from '../../contract/rating';

const stars = z.number().int().min(1).max(5);
const text = (max: number) => z.string().max(max).nullable().optional();

export const reviewBodySchema = z
  .strictObject({
    productId: z.string().regex(/^prod_[0-9A-Za-z]{1,60}$/),
    rating: stars,
    title: text(LIMITS.title),
    body: text(LIMITS.body),
    authorName: text(LIMITS.authorName),
  })
  .meta({ id: 'ReviewBody' });

export const reviewPatchSchema = z
  .strictObject({
    rating: stars.optional(),
    title: text(LIMITS.title),
    body: text(LIMITS.body),
    authorName: text(LIMITS.authorName),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'Nothing to change');

export const deliveryRatingSchema = z.strictObject({ rating: stars, comment: text(LIMITS.body) });

export const DEFAULT_REVIEW_LIMIT = 10;

/** `GET /api/products/:slug/reviews` query; strict like the product list's. */
export const reviewQuerySchema = z.strictObject({
  sort: z.enum(REVIEW_SORTS).optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,2}$/, 'must be an integer from 1 to 50')
    .transform(Number)
    .pipe(z.number().int().min(1).max(50))
    .optional(),
});

/** One canonical query per distinct request: the L1 key and the origin's query. */
export function normalizeReviewQuery(q: z.output<typeof reviewQuerySchema>): string {
  const params = new URLSearchParams();
  if (q.cursor !== undefined) params.set('cursor', q.cursor);
  params.set('limit', String(q.limit ?? DEFAULT_REVIEW_LIMIT));
  params.set('sort', q.sort ?? 'newest');
  return params.toString();
}
