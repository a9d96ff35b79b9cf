import { z } from 'zod';

export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

// Empty text params are treated as absent: a storefront search form submits `q=` when blank.
const optionalText = (max: number, pattern?: RegExp) =>
  z
    .string()
    .max(max)
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(pattern ? z.union([z.literal(''), z.string().regex(pattern)]) : z.string())
    .transform((v) => (v === '' ? undefined : v))
    .optional();

/**
 * `GET /api/products` query. Strict: an unknown parameter is a 400, because a silently
 * ignored typo (`?categroy=`) returns a plausible but wrong page.
 */
export const listQuerySchema = z.strictObject({
  category: optionalText(120, /^[a-z0-9-]+$/),
  q: optionalText(200),
  cursor: optionalText(200, /^[A-Za-z0-9_-]+$/),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be an integer from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_LIST_LIMIT))
    .optional(),
});

export type ListQuery = z.output<typeof listQuerySchema>;

/**
 * One canonical query string per distinct request (sorted keys, default limit made explicit),
 * used as the L1 key, inside the L2 key and as the origin's query, so equivalent URLs share
 * one cache entry.
 */
export function normalizeListQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.category !== undefined) params.set('category', query.category);
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  params.set('limit', String(query.limit ?? DEFAULT_LIST_LIMIT));
  if (query.q !== undefined) params.set('q', query.q);
  return params.toString();
}
