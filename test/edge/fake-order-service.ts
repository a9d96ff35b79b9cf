import {
  type CheckoutRequest,
  type CheckoutResponse,
  checkoutPaths,
  type Order,
  type OrderPayment,
  type PaymentRetryRequest,
  type PaymentRetryResponse,
} from '../../contract/orders';
import type { OrderTracking } from '../../contract/tracking';

type JsonAnswer = { status: number; body: unknown };

/** Where this stand-in's 3-D Secure pages would be (the card processor's public URL). */
export const FAKE_CARD_URL = 'https://card.test';

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  error: { code, message, ...extra },
});

/**
 * The origin's checkout and order endpoints, in memory, with the contract's rules: one order
 * per Idempotency-Key (a retry with the same body gets the stored response, another body 422)
 * and one order per cart (another key gets 409 cart_already_ordered).
 */
export class FakeOrderService {
  /** Every checkout body received, parsed, in arrival order. */
  readonly received: CheckoutRequest[] = [];
  /** The headers of every checkout request, in arrival order. */
  readonly receivedHeaders: Headers[] = [];
  /** The headers of every order read, in arrival order. */
  readonly orderReadHeaders: Headers[] = [];
  /** Orders by id, with their token and the customer who placed them (null: a guest). */
  readonly orders = new Map<string, { order: Order; token: string; customerId: string | null }>();
  /** When set, the next checkouts get this answer instead of an order. */
  refuseWith: JsonAnswer | null = null;
  readonly #byKey = new Map<string, { request: string; response: CheckoutResponse }>();
  readonly #keyByCart = new Map<string, string>();

  checkout(request: CheckoutRequest, headers: Headers): Response {
    this.received.push(request);
    this.receivedHeaders.push(headers);
    const { status, body } = this.#answer(request);
    return Response.json(body, { status });
  }

  #answer(request: CheckoutRequest): JsonAnswer {
    const serialized = JSON.stringify(request);
    const stored = this.#byKey.get(request.idempotencyKey);
    if (stored) {
      if (stored.request === serialized) return { status: 201, body: stored.response };
      return { status: 422, body: errorBody('idempotency_key_reused', 'This key was used with another body') };
    }
    if (this.refuseWith) return this.refuseWith;
    if (this.#keyByCart.has(request.cartId)) {
      return { status: 409, body: errorBody('cart_already_ordered', 'This cart already has an order') };
    }
    const response = this.#place(request);
    this.#byKey.set(request.idempotencyKey, { request: serialized, response });
    this.#keyByCart.set(request.cartId, request.idempotencyKey);
    return { status: 201, body: response };
  }

  #place(request: CheckoutRequest): CheckoutResponse {
    const id = `ord_${crypto.randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`;
    const currency = request.lines[0]?.unitPrice.currency ?? 'USD';
    const lines = request.lines.map((l) => ({
      ...l,
      productId: `prod_${l.variantId.replace(/[^0-9A-Za-z]/g, '')}`,
      sku: `SKU-${l.variantId}`,
      title: 'Linen Tee — Medium',
      lineTotal: { amount: l.unitPrice.amount * l.quantity, currency },
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.lineTotal.amount, 0);
    const order: Order = {
      id,
      status: request.paymentMethod === 'cod' ? 'confirmed' : 'pending_payment',
      email: request.email,
      lines,
      totals: {
        subtotal: { amount: subtotal, currency },
        shipping: { amount: 500, currency },
        tax: { amount: 0, currency },
        total: { amount: subtotal + 500, currency },
      },
      paymentMethod: request.paymentMethod,
      shippingAddress: request.shippingAddress,
      shippingMethodId: request.shippingMethodId ?? 'shm_standard',
      createdAt: new Date().toISOString(),
    };
    const token = `${id}.4102444800.${crypto.randomUUID().replaceAll('-', '')}`;
    this.orders.set(id, { order, token, customerId: request.customerId ?? null });
    return {
      order,
      orderToken: token,
      payment: {
        id: `pay_${id}`,
        status: request.paymentMethod === 'cod' ? 'not_required' : 'requires_action',
        nextAction: null,
      },
    };
  }

  /**
   * `GET /internal/orders/:id`: 404 for a missing order, a token minted for another, or a
   * signed-in `customerId` (verified by the caller) that did not place it.
   */
  getOrder(id: string, headers: Headers, customerId: string | null = null): Response {
    this.orderReadHeaders.push(headers);
    const entry = this.orders.get(id);
    if (!entry || !this.#allowed(entry, headers, customerId)) {
      return Response.json(errorBody('order_not_found', 'No such order'), { status: 404 });
    }
    const payment = this.payments.get(id);
    // The contract's ShopperOrder: `payment` is there, null when the test set none.
    return Response.json({ ...entry.order, payment: payment ?? null });
  }

  /** Where an order's payment stands in its view (tests set it; a retry replaces it). */
  readonly payments = new Map<string, OrderPayment>();
  /** Every payment-retry body received, parsed, with its headers, in arrival order. */
  readonly retries: { orderId: string; body: PaymentRetryRequest; headers: Headers }[] = [];
  /** When set, the next retries get this answer instead of an attempt. */
  refuseRetryWith: JsonAnswer | null = null;
  readonly #retryByKey = new Map<string, { request: string; response: PaymentRetryResponse }>();

  /**
   * `POST /internal/orders/:id/payment`: the same 404 rules as `getOrder`; a new attempt for an
   * order waiting for payment (cash on delivery confirms it), 409 for any other order; one
   * attempt per key and order (the same body replays it, another gets 422).
   */
  retryPayment(id: string, body: PaymentRetryRequest, headers: Headers, customerId: string | null = null): Response {
    this.retries.push({ orderId: id, body, headers });
    const entry = this.orders.get(id);
    if (!entry || !this.#allowed(entry, headers, customerId)) {
      return Response.json(errorBody('order_not_found', 'No such order'), { status: 404 });
    }
    const serialized = JSON.stringify(body);
    const stored = this.#retryByKey.get(`${id} ${body.idempotencyKey}`);
    if (stored) {
      return stored.request === serialized
        ? Response.json(stored.response, { status: 201 })
        : Response.json(errorBody('idempotency_key_reused', 'This key was used with another body'), { status: 422 });
    }
    if (this.refuseRetryWith) return Response.json(this.refuseRetryWith.body, { status: this.refuseRetryWith.status });
    if (entry.order.status !== 'pending_payment') {
      const refusal = errorBody('order_not_awaiting_payment', `This order is ${entry.order.status}`);
      return Response.json(refusal, { status: 409 });
    }
    const attempt = (this.payments.get(id)?.attempt ?? 1) + 1;
    const cod = body.paymentMethod === 'cod';
    if (cod) entry.order = { ...entry.order, status: 'confirmed', paymentMethod: 'cod' };
    // The sandbox's 3-D Secure card asks the shopper first, as the real processor does.
    const asks = body.paymentMethod === 'card' && body.card.token === 'tok_3ds';
    const payment = {
      id: `pay_${attempt}_${id}`,
      status: cod ? 'cash_on_delivery' : asks ? 'requires_action' : 'processing',
      nextAction: asks
        ? { type: 'redirect_to_url', url: `${FAKE_CARD_URL}/v1/payment_intents/pi_${id}/authenticate` }
        : null,
    };
    this.payments.set(id, { ...payment, attempt, retry: null });
    const response = { order: entry.order, payment };
    this.#retryByKey.set(`${id} ${body.idempotencyKey}`, { request: serialized, response });
    return Response.json(response, { status: 201 });
  }

  /** Tracking answers by order id, set by tests; an order without one has no parcels yet. */
  readonly tracking = new Map<string, OrderTracking>();
  /** The headers of every tracking read, in arrival order. */
  readonly trackingReadHeaders: Headers[] = [];

  /** `GET /internal/orders/:id/tracking`: the same 404 rules as `getOrder`. */
  getTracking(id: string, headers: Headers, customerId: string | null = null): Response {
    this.trackingReadHeaders.push(headers);
    const entry = this.orders.get(id);
    if (!entry || !this.#allowed(entry, headers, customerId)) {
      return Response.json(errorBody('order_not_found', 'No such order'), { status: 404 });
    }
    return Response.json(this.tracking.get(id) ?? { status: entry.order.status, shipments: [] });
  }

  /** Whether the caller may act on order `id` (its token, or the signed-in customer who placed it). */
  allows(id: string, headers: Headers, customerId: string | null = null): boolean {
    const entry = this.orders.get(id);
    return entry !== undefined && this.#allowed(entry, headers, customerId);
  }

  #allowed(entry: { token: string; customerId: string | null }, headers: Headers, customerId: string | null): boolean {
    if (customerId !== null) return entry.customerId === customerId;
    return entry.token === headers.get(checkoutPaths.orderTokenHeader);
  }
}
