/** Events of the rating context. */
export const RatingTopics = {
  /**
   * Something shoppers can see of a product's reviews changed (a review published, taken down,
   * edited or answered): its counts are recomputed, then `summaryChanged` is announced.
   */
  reviewChanged: 'rating.review.changed',
  /**
   * A product's published reviews or their counts are as they are now (after a recount): the
   * catalog republishes the product, with its rating and a fresh first page of reviews.
   */
  summaryChanged: 'rating.summary.changed',
} as const;
