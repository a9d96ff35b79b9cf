/**
 * The merchant's side of reviews: listing them for moderation, publishing or rejecting them,
 * and answering them in public. Whatever changes what shoppers see is announced in the same
 * transaction, so the product's counts and its page at the edge follow.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type ReviewStatus, reviews } from '../../db/schema/rating';
import type { OriginContext } from '../platform/context';
import { err, ok, type Result } from '../platform/result';
import { type AdminReview, type ReviewRow, toAdminReview } from './review-view';
import { reviewChanged } from './reviews';
import { cleanText, type ModerationAction, statusAfter } from './rules';

export interface ReviewFilter {
  status?: ReviewStatus;
  productId?: string;
  rating?: number;
  afterId?: string;
  limit: number;
}

/** Reviews newest first, filtered; `lastId` is set when there are more. */
export async function listReviews(db: Database, f: ReviewFilter) {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(reviews.status, f.status));
  if (f.productId) conditions.push(eq(reviews.productId, f.productId));
  if (f.rating) conditions.push(eq(reviews.rating, f.rating));
  if (f.afterId) conditions.push(lt(reviews.id, f.afterId));
  const rows = await db
    .select()
    .from(reviews)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(reviews.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit);
  return { items: items.map(toAdminReview), lastId: rows.length > f.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getReview(db: Database, id: string): Promise<AdminReview | null> {
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
  return row ? toAdminReview(row) : null;
}

/** Publishes or rejects a review (again: the same action twice changes nothing but the note). */
export async function moderateReview(
  ctx: OriginContext,
  id: string,
  action: ModerationAction,
  actor: string,
  note?: string | null,
): Promise<Result<AdminReview, 'review_not_found'>> {
  return ctx.transaction(async (tx) => {
    const [current] = await tx.select().from(reviews).where(eq(reviews.id, id)).for('update');
    if (!current) return err('review_not_found', `No review ${id}`);
    const status = statusAfter(action);
    const now = new Date();
    const [row] = await tx
      .update(reviews)
      .set({
        status,
        moderationNote: cleanText(note),
        moderatedBy: actor,
        moderatedAt: now,
        publishedAt: status === 'published' ? (current.publishedAt ?? now) : current.publishedAt,
        updatedAt: now,
      })
      .where(eq(reviews.id, id))
      .returning();
    if (current.status !== status && (current.status === 'published' || status === 'published')) {
      await reviewChanged(tx, current.productId);
    }
    return ok(toAdminReview(row as ReviewRow));
  });
}

/** Sets (or with null removes) the merchant's public answer to a review. */
export async function replyToReview(
  ctx: OriginContext,
  id: string,
  reply: string | null,
): Promise<Result<AdminReview, 'review_not_found'>> {
  return ctx.transaction(async (tx) => {
    const text = cleanText(reply);
    const [row] = await tx
      .update(reviews)
      .set({ reply: text, repliedAt: text ? new Date() : null, updatedAt: new Date() })
      .where(eq(reviews.id, id))
      .returning();
    if (!row) return err('review_not_found', `No review ${id}`);
    if (row.status === 'published') await reviewChanged(tx, row.productId);
    return ok(toAdminReview(row));
  });
}
