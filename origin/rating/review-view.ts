/** Review rows as each audience sees them: shoppers, the review's author, and staff. */

import type { PublicReview, ShopperReview } from '../../contract/rating';
import type { reviews } from '../../db/schema/rating';

export type ReviewRow = typeof reviews.$inferSelect;

export function toPublicReview(row: ReviewRow): PublicReview {
  return {
    id: row.id,
    rating: row.rating,
    title: row.title,
    body: row.body,
    authorName: row.authorName,
    verifiedPurchase: true,
    createdAt: row.createdAt.toISOString(),
    reply: row.reply && row.repliedAt ? { body: row.reply, at: row.repliedAt.toISOString() } : null,
  };
}

export function toShopperReview(row: ReviewRow): ShopperReview {
  return { ...toPublicReview(row), productId: row.productId, status: row.status };
}

/** Everything, for moderators: the order it came from and who moderated it last. */
export function toAdminReview(row: ReviewRow) {
  return {
    ...toShopperReview(row),
    orderId: row.orderId,
    moderationNote: row.moderationNote,
    moderatedBy: row.moderatedBy,
    moderatedAt: row.moderatedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type AdminReview = ReturnType<typeof toAdminReview>;
