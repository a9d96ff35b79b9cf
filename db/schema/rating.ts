import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { REVIEW_STATUSES, type ReviewStatus } from '../../contract/rating';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** `pending` waits for a moderator, `published` is shown to shoppers, `rejected` never is. */
export { REVIEW_STATUSES, type ReviewStatus };

/**
 * What a delivered order may review: one row per product of the order, written when the
 * order is delivered (the rating context's own copy, so it never reads the orders' tables).
 */
export const reviewInvitations = pgTable(
  'review_invitations',
  {
    orderId: text('order_id').notNull(),
    productId: text('product_id').notNull(),
    /** The product's title as ordered (the first line of it). */
    productTitle: text('product_title').notNull(),
    /** The shipping name's first word: the default public author name. */
    authorName: text('author_name').notNull(),
    deliveredAt: ts('delivered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] }), index('review_invitations_product_idx').on(t.productId)],
);

/** A verified-purchase product review: one per product and order. */
export const reviews = pgTable(
  'reviews',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull(),
    orderId: text('order_id').notNull(),
    rating: smallint('rating').notNull(),
    title: text('title'),
    body: text('body'),
    authorName: text('author_name').notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull(),
    /** Why a moderator rejected it (shown to staff only). */
    moderationNote: text('moderation_note'),
    /** Staff member (or `root`, `system`) who last published or rejected it. */
    moderatedBy: text('moderated_by'),
    moderatedAt: ts('moderated_at'),
    /** The merchant's public answer. */
    reply: text('reply'),
    repliedAt: ts('replied_at'),
    publishedAt: ts('published_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_order_product_idx').on(t.orderId, t.productId),
    index('reviews_product_status_idx').on(t.productId, t.status, t.id),
    index('reviews_status_idx').on(t.status, t.id),
    check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
    check('reviews_status_check', sql`${t.status} in (${list(REVIEW_STATUSES)})`),
  ],
);

/**
 * The published reviews of a product, counted: kept by a queue consumer that recomputes the row
 * from `reviews` whenever one of them changes (so a duplicate or late event changes nothing).
 */
export const productRatings = pgTable(
  'product_ratings',
  {
    productId: text('product_id').primaryKey(),
    count: integer('count').notNull().default(0),
    /** Sum of the ratings: the average is sum / count, computed when read. */
    total: integer('total').notNull().default(0),
    stars1: integer('stars_1').notNull().default(0),
    stars2: integer('stars_2').notNull().default(0),
    stars3: integer('stars_3').notNull().default(0),
    stars4: integer('stars_4').notNull().default(0),
    stars5: integer('stars_5').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'product_ratings_counts_check',
      sql`${t.count} = ${t.stars1} + ${t.stars2} + ${t.stars3} + ${t.stars4} + ${t.stars5} and ${t.total} = ${t.stars1} + 2 * ${t.stars2} + 3 * ${t.stars3} + 4 * ${t.stars4} + 5 * ${t.stars5}`,
    ),
  ],
);

/** How the delivery went, one per delivered order (logistics ratings, by carrier). */
export const deliveryRatings = pgTable(
  'delivery_ratings',
  {
    orderId: text('order_id').primaryKey(),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    /** The carriers that brought the order's parcels, comma-separated and sorted. */
    carriers: text('carriers').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('delivery_ratings_carriers_idx').on(t.carriers, t.orderId),
    check('delivery_ratings_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);
