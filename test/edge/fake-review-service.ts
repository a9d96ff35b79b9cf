import type { OrderReviews, ProductReviewsPage, ShopperReview } from '../../contract/rating';
import type { FakeOrderService } from './fake-order-service';

const errorAnswer = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * The origin's review endpoints, in memory, with the contract's rules: reviews of an order
 * open once a test marks it delivered, one review per product and order, and the same 404 as
 * the order endpoints for anyone but the order's token holder or customer.
 */
export class FakeReviewService {
  /** Published review pages by product slug (whatever the query), set by tests. */
  readonly pages = new Map<string, ProductReviewsPage>();
  /** Orders whose reviews are open. */
  readonly delivered = new Set<string>();
  /** Written reviews by `orderId productId`. */
  readonly reviews = new Map<string, ShopperReview>();
  /** Parsed bodies of every write received. */
  readonly writes: unknown[] = [];

  constructor(private readonly orders: FakeOrderService) {}

  /** Answers a review route, or null when `path` is not one. */
  handle(method: string, path: string, url: URL, headers: Headers, body: string, customerId: string | null) {
    const product = /^\/internal\/catalog\/products\/([^/]+)\/reviews$/.exec(path)?.[1];
    if (product !== undefined && method === 'GET') {
      const page = this.pages.get(product);
      return page ? Response.json(page) : errorAnswer(404, 'product_not_found', 'No such product');
    }
    const match = /^\/internal\/orders\/([^/]+)\/(reviews(?:\/([^/]+))?|delivery-rating)$/.exec(path);
    if (!match) return null;
    const [, orderId = '', route, productId] = match;
    if (!this.orders.allows(orderId, headers, customerId)) return errorAnswer(404, 'order_not_found', 'No such order');
    if (method === 'GET' && route === 'reviews') return Response.json(this.#orderReviews(orderId));
    this.writes.push(JSON.parse(body || 'null'));
    if (!this.delivered.has(orderId)) return errorAnswer(409, 'reviews_not_open', 'Not delivered yet');
    const input = JSON.parse(body) as { productId?: string; rating: number; title?: string; body?: string };
    if (method === 'POST' && route === 'reviews') {
      const key = `${orderId} ${input.productId}`;
      if (this.reviews.has(key)) return errorAnswer(409, 'review_exists', 'Reviewed already');
      const review: ShopperReview = {
        id: `rev_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
        productId: input.productId as string,
        status: 'pending',
        rating: input.rating,
        title: input.title ?? null,
        body: input.body ?? null,
        authorName: 'Ada',
        verifiedPurchase: true,
        createdAt: new Date().toISOString(),
        reply: null,
      };
      this.reviews.set(key, review);
      return Response.json(review, { status: 201 });
    }
    if (method === 'PATCH' && productId) {
      const review = this.reviews.get(`${orderId} ${productId}`);
      if (!review) return errorAnswer(404, 'review_not_found', 'No review of this product in this order');
      Object.assign(review, input, { status: 'pending' });
      return Response.json(review);
    }
    if (method === 'PUT' && route === 'delivery-rating') {
      return Response.json({ rating: input.rating, comment: null, carriers: [], updatedAt: new Date().toISOString() });
    }
    return errorAnswer(404, 'not_found', `${method} ${url.pathname}`);
  }

  #orderReviews(orderId: string): OrderReviews {
    const open = this.delivered.has(orderId);
    const order = this.orders.orders.get(orderId)?.order;
    const productIds = open ? [...new Set(order?.lines.map((l) => l.productId) ?? [])] : [];
    return {
      open,
      items: productIds.map((id) => ({
        productId: id,
        title: 'Linen Tee',
        review: this.reviews.get(`${orderId} ${id}`) ?? null,
      })),
      deliveryRating: null,
    };
  }
}
