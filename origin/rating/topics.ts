/** Events of the rating context. */
export const RatingTopics = {
  /**
   * Something shoppers can see of a product's reviews changed (a review published, taken down,
   * edited or answered): its counts are recomputed and the product republished to the edge.
   */
  reviewChanged: 'rating.review.changed',
} as const;
