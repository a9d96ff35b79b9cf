/** Request and response shapes of the rating routes (zod, for validation and the OpenAPI document). */
import { z } from '@hono/zod-openapi';
import { REVIEW_SORTS } from '../../contract/rating';
import { REVIEW_STATUSES } from '../../db/schema/rating';
import { REVIEW_LIMITS } from './rules';

const stars = z.number().int().min(1).max(5);
const text = (max: number) => z.string().max(max).nullable().optional();

export const ReviewInputSchema = z
  .object({
    productId: z.string().regex(/^prod_[0-9A-Za-z]+$/),
    rating: stars,
    title: text(REVIEW_LIMITS.title),
    body: text(REVIEW_LIMITS.body),
    authorName: text(REVIEW_LIMITS.authorName),
  })
  .strict()
  .openapi('ReviewInput');

export const ReviewPatchSchema = z
  .object({
    rating: stars.optional(),
    title: text(REVIEW_LIMITS.title),
    body: text(REVIEW_LIMITS.body),
    authorName: text(REVIEW_LIMITS.authorName),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'Nothing to change')
  .openapi('ReviewPatch');

export const DeliveryRatingInputSchema = z
  .object({ rating: stars, comment: text(REVIEW_LIMITS.body) })
  .strict()
  .openapi('DeliveryRatingInput');

export const PublicReviewSchema = z
  .object({
    id: z.string(),
    rating: z.number().int(),
    title: z.string().nullable(),
    body: z.string().nullable(),
    authorName: z.string(),
    verifiedPurchase: z.literal(true),
    createdAt: z.string(),
    reply: z.object({ body: z.string(), at: z.string() }).nullable(),
  })
  .openapi('Review');

export const ShopperReviewSchema = PublicReviewSchema.extend({
  productId: z.string(),
  status: z.enum(REVIEW_STATUSES),
}).openapi('ShopperReview');

const Distribution = z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() });

export const ProductReviewsPageSchema = z
  .object({
    items: z.array(PublicReviewSchema),
    nextCursor: z.string().nullable(),
    summary: z.object({ average: z.number(), count: z.number(), distribution: Distribution }),
  })
  .openapi('ProductReviewsPage');

export const DeliveryRatingSchema = z
  .object({
    rating: z.number().int(),
    comment: z.string().nullable(),
    carriers: z.array(z.string()),
    updatedAt: z.string(),
  })
  .openapi('DeliveryRating');

export const OrderReviewsSchema = z
  .object({
    open: z.boolean(),
    items: z.array(z.object({ productId: z.string(), title: z.string(), review: ShopperReviewSchema.nullable() })),
    deliveryRating: DeliveryRatingSchema.nullable(),
  })
  .openapi('OrderReviews');

export const ReviewPageQuery = z
  .object({
    sort: z.enum(REVIEW_SORTS).default('newest'),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const AdminReviewSchema = ShopperReviewSchema.extend({
  orderId: z.string(),
  moderationNote: z.string().nullable(),
  moderatedBy: z.string().nullable(),
  moderatedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
}).openapi('AdminReview');

export const AdminReviewListQuery = z
  .object({
    status: z.enum(REVIEW_STATUSES).optional(),
    productId: z
      .string()
      .regex(/^prod_[0-9A-Za-z]+$/)
      .optional(),
    rating: z.coerce.number().int().min(1).max(5).optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const ModerationBody = z
  .object({ note: z.string().max(REVIEW_LIMITS.note).nullable().optional() })
  .strict()
  .openapi('ReviewModeration');

export const ReplyBody = z
  .object({ body: z.string().min(1).max(REVIEW_LIMITS.reply) })
  .strict()
  .openapi('ReviewReply');

export const DeliveryRatingListQuery = z
  .object({
    carrier: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
