/**
 * The rating context's public entry: what other contexts, workflows and the origin's wiring may
 * use of it. Everything else in this folder is its own business.
 */
export { registerRatingConsumers } from './consumers';
export { ProductReviewsPageSchema, ReviewPageQuery } from './rating.schemas';
export { reviewAdminRoutes } from './reviews.admin.routes';
export { orderReviewInternalRoutes } from './reviews.internal.routes';
export { ratingService } from './service';
export { RatingTopics } from './topics';
