/**
 * The rating context's shapes shared with the edge (type-only imports there) and the internal
 * paths the edge calls. Money-free: a rating is an integer 1..5.
 */
/** Where a review is in moderation (the database keeps the column to these). */
export const REVIEW_STATUSES = ['pending', 'published', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** How long each text of a review may be: checked by the edge before it relays, and by the origin. */
export const REVIEW_LIMITS = { title: 120, body: 5_000, authorName: 60, reply: 2_000, note: 500 } as const;

/** A review as every shopper sees it (published ones only). */
export interface PublicReview {
  id: string;
  rating: number;
  title: string | null;
  body: string | null;
  authorName: string;
  /** Every review comes from a delivered order. */
  verifiedPurchase: true;
  createdAt: string;
  /** The merchant's answer, if any. */
  reply: { body: string; at: string } | null;
}

/** A review as its author sees it, whatever its status. */
export interface ShopperReview extends PublicReview {
  productId: string;
  status: ReviewStatus;
}

/** The published reviews of a product, counted: `average` has one decimal, 0 when there are none. */
export interface RatingBreakdown {
  average: number;
  count: number;
  /** How many reviews gave each number of stars. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface ProductReviewsPage {
  items: PublicReview[];
  nextCursor: string | null;
  summary: RatingBreakdown;
}

/** What one order may review, and what its shopper already wrote. */
export interface OrderReviews {
  /** False until the order is delivered. */
  open: boolean;
  items: Array<{ productId: string; title: string; review: ShopperReview | null }>;
  deliveryRating: DeliveryRating | null;
}

export interface DeliveryRating {
  rating: number;
  comment: string | null;
  carriers: string[];
  updatedAt: string;
}

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
