/**
 * Shoppers' reviews: what an order may review, writing and editing one, and the published
 * reviews of a product. Who may act for an order (its token or its customer) is the route's
 * check; these functions trust the order id they are given.
 */
import { and, asc, desc, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import type { OrderReviews, ReviewSort, ShopperReview } from '../../contract/rating';
import type { Database } from '../../db/client';
import { deliveryRatings, reviewInvitations, reviews } from '../../db/schema/rating';
import type { OriginContext } from '../platform/context';
import { enqueue, type Writer } from '../platform/outbox/outbox';
import { err, ok, type Result } from '../platform/result';
import { invitationsOf } from './invitations';
import { type ReviewRow, toPublicReview, toShopperReview } from './review-view';
import { cleanText, statusOnEdit, statusOnSubmit } from './rules';
import { RatingTopics } from './topics';

export interface ReviewInput {
  rating: number;
  title?: string | null;
  body?: string | null;
  /** Shown with the review; the shipping name's first word when omitted. */
  authorName?: string | null;
}

export type SubmitError = 'reviews_not_open' | 'product_not_in_order' | 'review_exists';

/** Announces that shoppers may see something new of `productId`'s reviews. */
export function reviewChanged(tx: Writer, productId: string) {
  return enqueue(tx, { topic: RatingTopics.reviewChanged, aggregateId: productId });
}

/** What `orderId` may review, with the reviews and the delivery rating its shopper wrote. */
export async function orderReviews(db: Writer, orderId: string): Promise<OrderReviews> {
  const invitations = await invitationsOf(db, orderId);
  const written = await db.select().from(reviews).where(eq(reviews.orderId, orderId));
  const [delivery] = await db.select().from(deliveryRatings).where(eq(deliveryRatings.orderId, orderId));
  const byProduct = new Map(written.map((r) => [r.productId, r]));
  return {
    open: invitations.length > 0,
    items: invitations.map((i) => {
      const review = byProduct.get(i.productId);
      return { productId: i.productId, title: i.productTitle, review: review ? toShopperReview(review) : null };
    }),
    deliveryRating: delivery
      ? {
          rating: delivery.rating,
          comment: delivery.comment,
          carriers: delivery.carriers ? delivery.carriers.split(',') : [],
          updatedAt: delivery.updatedAt.toISOString(),
        }
      : null,
  };
}

/**
 * A verified-purchase review of one product of a delivered order; at most one per product and
 * order (the unique index decides between concurrent submissions).
 */
export async function submitReview(
  ctx: OriginContext,
  orderId: string,
  productId: string,
  input: ReviewInput,
): Promise<Result<ShopperReview, SubmitError>> {
  return ctx.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(reviewInvitations)
      .where(and(eq(reviewInvitations.orderId, orderId), eq(reviewInvitations.productId, productId)));
    if (!invitation) {
      const open = (await invitationsOf(tx, orderId)).length > 0;
      return open
        ? err('product_not_in_order', 'This order has no such product to review')
        : err('reviews_not_open', 'Reviews open once the order has been delivered');
    }
    const status = statusOnSubmit(ctx.config.reviewModeration);
    const now = new Date();
    const [row] = await tx
      .insert(reviews)
      .values({
        id: newId('rev'),
        productId,
        orderId,
        rating: input.rating,
        title: cleanText(input.title),
        body: cleanText(input.body),
        authorName: cleanText(input.authorName) ?? invitation.authorName,
        status,
        ...(status === 'published' ? { publishedAt: now, moderatedBy: 'system', moderatedAt: now } : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return err('review_exists', 'This product of the order is reviewed already; edit that review instead');
    if (status === 'published') await reviewChanged(tx, productId);
    return ok(toShopperReview(row));
  });
}

/**
 * The author changes their review. Under pre-moderation it goes back to the moderators (and
 * out of sight meanwhile); a merchant's reply stays.
 */
export async function editReview(
  ctx: OriginContext,
  orderId: string,
  productId: string,
  patch: Partial<ReviewInput>,
): Promise<Result<ShopperReview, 'review_not_found'>> {
  return ctx.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(reviews)
      .where(and(eq(reviews.orderId, orderId), eq(reviews.productId, productId)))
      .for('update');
    if (!current) return err('review_not_found', 'There is no review of this product in this order');
    const status = statusOnEdit(ctx.config.reviewModeration, current.status);
    const now = new Date();
    const [row] = await tx
      .update(reviews)
      .set({
        ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
        ...(patch.title !== undefined ? { title: cleanText(patch.title) } : {}),
        ...(patch.body !== undefined ? { body: cleanText(patch.body) } : {}),
        ...(patch.authorName !== undefined ? { authorName: cleanText(patch.authorName) ?? current.authorName } : {}),
        status,
        ...(status === 'published'
          ? { publishedAt: current.publishedAt ?? now, moderatedBy: 'system', moderatedAt: now }
          : {}),
        updatedAt: now,
      })
      .where(eq(reviews.id, current.id))
      .returning();
    if (current.status === 'published' || status === 'published') await reviewChanged(tx, productId);
    return ok(toShopperReview(row as ReviewRow));
  });
}

export interface ReviewPageQuery {
  sort: ReviewSort;
  /** The last review of the previous page. */
  afterId?: string;
  limit: number;
}

/** Published reviews of `productId`, a page at a time; `lastId` is set when there are more. */
export async function publishedReviews(db: Database, productId: string, q: ReviewPageQuery) {
  const conditions: (SQL | undefined)[] = [eq(reviews.productId, productId), eq(reviews.status, 'published')];
  if (q.afterId) conditions.push(await after(db, q.sort, q.afterId));
  const order =
    q.sort === 'newest'
      ? [desc(reviews.id)]
      : [q.sort === 'highest' ? desc(reviews.rating) : asc(reviews.rating), desc(reviews.id)];
  const rows = await db
    .select()
    .from(reviews)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items: items.map(toPublicReview), lastId: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}

/** The keyset condition for "after this review" in `sort` order (by rating, then newest first). */
async function after(db: Database, sort: ReviewSort, afterId: string): Promise<SQL | undefined> {
  if (sort === 'newest') return lt(reviews.id, afterId);
  const [cursor] = await db.select({ rating: reviews.rating }).from(reviews).where(eq(reviews.id, afterId));
  if (!cursor) return lt(reviews.id, afterId);
  const beyond = sort === 'highest' ? lt(reviews.rating, cursor.rating) : gt(reviews.rating, cursor.rating);
  return or(beyond, and(eq(reviews.rating, cursor.rating), lt(reviews.id, afterId)));
}
