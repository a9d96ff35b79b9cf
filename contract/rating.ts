/**
 * The rating context's shapes shared with the edge (type-only imports there) and the internal
 * paths the edge calls. Money-free: a rating is an integer 1..5.
 */
import { z } from 'zod';

/** Where a review is in moderation (the database keeps the column to these). */
export const REVIEW_STATUSES = ['pending', 'published', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** How long each text of a review may be: checked by the edge before it relays, and by the origin. */
export const REVIEW_LIMITS = { title: 120, body: 5_000, authorName: 60, reply: 2_000, note: 500 } as const;

/** A review as every shopper sees it (published ones only). */
export const PublicReviewSchema = z
  .object({
    id: z.string(),
    rating: z.int().min(1).max(5),
    title: z.string().nullable(),
    body: z.string().nullable(),
    authorName: z.string(),
    /** Every review comes from a delivered order. */
    verifiedPurchase: z.literal(true),
    createdAt: z.string(),
    /** The merchant's answer, if any. */
    reply: z.object({ body: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'Review' });
export type PublicReview = z.infer<typeof PublicReviewSchema>;

/** A review as its author sees it, whatever its status. */
export const ShopperReviewSchema = PublicReviewSchema.extend({
  productId: z.string(),
  status: z.enum(REVIEW_STATUSES),
}).meta({ id: 'ShopperReview' });
export type ShopperReview = z.infer<typeof ShopperReviewSchema>;

/** The published reviews of a product, counted: `average` has one decimal, 0 when there are none. */
export const RatingBreakdownSchema = z
  .object({
    average: z.number().min(0).max(5),
    count: z.int().min(0),
    /** How many reviews gave each number of stars. */
    distribution: z.record(z.enum(['1', '2', '3', '4', '5']), z.int().min(0)),
  })
  .meta({ id: 'RatingBreakdown' });
export type RatingBreakdown = z.infer<typeof RatingBreakdownSchema>;

export const ProductReviewsPageSchema = z
  .object({ items: z.array(PublicReviewSchema), nextCursor: z.string().nullable(), summary: RatingBreakdownSchema })
  .meta({ id: 'ProductReviewsPage' });
export type ProductReviewsPage = z.infer<typeof ProductReviewsPageSchema>;

export const DeliveryRatingSchema = z
  .object({
    rating: z.int().min(1).max(5),
    comment: z.string().nullable(),
    carriers: z.array(z.string()),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeliveryRating' });
export type DeliveryRating = z.infer<typeof DeliveryRatingSchema>;

/** What one order may review, and what its shopper already wrote. */
export const OrderReviewsSchema = z
  .object({
    /** False until the order is delivered. */
    open: z.boolean(),
    items: z.array(z.object({ productId: z.string(), title: z.string(), review: ShopperReviewSchema.nullable() })),
    deliveryRating: DeliveryRatingSchema.nullable(),
  })
  .meta({ id: 'OrderReviews' });
export type OrderReviews = z.infer<typeof OrderReviewsSchema>;

export const REVIEW_SORTS = ['newest', 'highest', 'lowest'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export const ratingPaths = {
  /** `GET` published reviews of the product with this slug (`?cursor&limit&sort`). */
  productReviews: (slug: string) => `/internal/catalog/products/${encodeURIComponent(slug)}/reviews`,
  /** `GET` what the order may review; `POST` a review (order token or customer session). */
  orderReviews: (orderId: string) => `/internal/orders/${encodeURIComponent(orderId)}/reviews`,
  /** `PATCH` the shopper's own review of one product of the order. */
  orderReview: (orderId: string, productId: string) =>
    `/internal/orders/${encodeURIComponent(orderId)}/reviews/${encodeURIComponent(productId)}`,
  /** `PUT` how the delivery went. */
  deliveryRating: (orderId: string) => `/internal/orders/${encodeURIComponent(orderId)}/delivery-rating`,
} as const;
