/**
 * The steps of the place-order workflow. Each runs inside the workflow's transaction; a step
 * that cannot go on throws `Abort` with the business outcome, which rolls back everything the
 * earlier steps did (reservations, the idempotency claim) — the compensation is the rollback.
 */
import type { CheckoutRequest, CheckoutResponse, Order } from '../../contract/orders';
import { catalogService, type SellableVariant } from '../catalog';
import {
  chooseShipping,
  claimScopedKey,
  computeTotals,
  KeyReused,
  type ShippingChoice,
  storeAnswerStatement,
  type Totals,
  taxRateFor,
} from '../checkout';
import { reserveStock } from '../inventory';
import { newOrderRecord, type OrderRecord, OrderTopics, placeOrderStatements, toOrder } from '../orders';
import {
  insertPaymentStatement,
  type MethodRule,
  newPaymentRecord,
  offeredMethods,
  type PaymentRow,
  refusal,
  shopperPayment,
} from '../payment';
import type { OriginContext, Tx } from '../platform/context';
import { enqueueStatement, type OutboxMessage } from '../platform/outbox/outbox';
import { type Err, err } from '../platform/result';
import { serviceClient } from '../platform/rpc';
import { writeAsOneStatement } from '../platform/sql-batch';

/** Ends the workflow with an expected outcome and rolls its transaction back. */
export class Abort extends Error {
  constructor(readonly outcome: Err) {
    super(outcome.message);
  }
}

export type Replay = { status: number; body: Record<string, unknown> };

/** Step 1: claim the key, or replay / refuse when it was used before (see idempotency-store.ts). */
export async function claimKey(tx: Tx, req: CheckoutRequest, hash: string): Promise<Replay | null> {
  try {
    return await claimScopedKey(tx, req.cartId, req.idempotencyKey, hash);
  } catch (e) {
    if (e instanceof KeyReused) throw new Abort(e.outcome);
    throw e;
  }
}

export interface PricedOrder {
  lines: (SellableVariant & { quantity: number })[];
  shipping: ShippingChoice;
  totals: Totals;
}

/**
 * Step 0, before the transaction: what the catalog sells now of the requested variants, at their
 * price (the catalog service, in-process or remote). Prices are read a moment before the order
 * commits; the edge's prices are checked against them (step 2).
 */
export async function sellableOf(ctx: OriginContext, req: CheckoutRequest, currency: string) {
  const items = await serviceClient(ctx, catalogService).sellable({
    variantIds: req.lines.map((l) => l.variantId),
    currency,
  });
  return new Map(items.map((v) => [v.variantId, v]));
}

/** Step 2: price every line from the catalog's prices (never the edge's) with shipping and tax. */
export async function priceOrder(
  tx: Tx,
  req: CheckoutRequest,
  currency: string,
  sellable: Map<string, SellableVariant>,
): Promise<PricedOrder> {
  const ids = req.lines.map((l) => l.variantId);
  const unsellable = ids.filter((id) => !sellable.has(id));
  if (unsellable.length > 0) {
    throw new Abort(err('out_of_stock', 'Some items are no longer for sale', { variantIds: unsellable }));
  }
  const lines = req.lines.map((l) => ({ ...(sellable.get(l.variantId) as SellableVariant), quantity: l.quantity }));
  const shipping = await chooseShipping(tx, req.shippingAddress.country, currency, req.shippingMethodId);
  if (!shipping.ok) throw new Abort(shipping);
  const totals = computeTotals(lines, shipping.value, await taxRateFor(tx, req.shippingAddress.country));
  const changed = req.lines.some(
    (l, i) => l.unitPrice.currency !== currency || l.unitPrice.amount !== lines[i]?.unitPrice,
  );
  if (changed) {
    const money = (amount: number) => ({ amount, currency });
    throw new Abort(
      err('price_changed', 'Prices changed since the items were added; review the new totals', {
        totals: {
          subtotal: money(totals.subtotal),
          shipping: money(totals.shipping),
          tax: money(totals.tax),
          total: money(totals.total),
        },
        lines: lines.map((l) => ({ variantId: l.variantId, unitPrice: money(l.unitPrice) })),
      }),
    );
  }
  return { lines, shipping: shipping.value, totals };
}

/**
 * Step 3 (run last, see place-order.ts): hold the stock. Inventory announces the variants that
 * fell to `lowStockThreshold` units or below, so the catalog republishes their availability.
 */
export async function reserve(tx: Tx, orderId: string, priced: PricedOrder, lowStockThreshold: number): Promise<void> {
  const reserved = await reserveStock(tx, orderId, priced.lines, { announceAtOrBelow: lowStockThreshold });
  if (!reserved.ok) throw new Abort(reserved);
}

/**
 * Step 5: the payment method must be one the rules offer for this country, currency and
 * total (cash on delivery has a ceiling, the merchant may switch methods off).
 */
export function checkPaymentMethod(rules: MethodRule[], req: CheckoutRequest, priced: PricedOrder, currency: string) {
  const rule = rules.find((r) => r.method === req.paymentMethod);
  const why = rule
    ? refusal(rule, { country: req.shippingAddress.country, currency, amount: priced.totals.total })
    : 'unknown method';
  if (why) {
    const offered = offeredMethods(rules, {
      country: req.shippingAddress.country,
      currency,
      amount: priced.totals.total,
    });
    throw new Abort(err('payment_method_unavailable', `Payment by ${req.paymentMethod} is ${why}`, { offered }));
  }
}

/** What steps 4–8 write for one order, built in memory first (see `writeOrder`). */
export interface OrderWrite extends OrderRecord {
  payment: PaymentRow;
  messages: OutboxMessage[];
}

/**
 * Steps 4–7 as data: the order and its lines (orders), its payment (payment; a card's provider
 * is asked after the commit), and its events (order placed; for cards, the payment deadline).
 * Every column is set here, timestamps included, so the answer can be built before anything is
 * written.
 */
export function buildOrder(
  orderId: string,
  req: CheckoutRequest,
  priced: PricedOrder,
  currency: string,
  reservationExpiresAt: Date | null,
  cardProvider: string,
  now = new Date(),
): OrderWrite {
  const record = newOrderRecord({
    id: orderId,
    request: req,
    currency,
    totals: priced.totals,
    shippingMethodId: priced.shipping.id,
    lines: priced.lines.map((l) => ({
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
    })),
    reservationExpiresAt,
    now,
  });
  const payment = newPaymentRecord({
    orderId,
    method: req.paymentMethod,
    cardProvider,
    amount: priced.totals.total,
    currency,
    now,
  });
  const messages: OutboxMessage[] = [
    { topic: OrderTopics.placed, aggregateId: orderId, payload: { total: priced.totals.total } },
    ...(reservationExpiresAt
      ? [{ topic: OrderTopics.paymentDeadline, aggregateId: orderId, availableAt: reservationExpiresAt }]
      : []),
  ];
  return { ...record, payment, messages };
}

/** The shopper's view of what `buildOrder` made. */
export const orderView = (w: OrderWrite): Order => toOrder(w.order, w.lines);
export const paymentView = (w: OrderWrite): CheckoutResponse['payment'] => shopperPayment(w.payment);

/**
 * Step 8 and the writes of steps 4–7 in ONE statement, each context's own writes composed
 * (platform/sql-batch.ts): the order, its lines and first history entry (orders), its payment
 * (payment), its outbox events, and the answer stored under the Idempotency-Key (checkout).
 * One round trip instead of six: the order's transaction holds its connection (and the key's
 * row lock) for less time, and the origin spends less CPU per order.
 */
export async function writeOrder(tx: Tx, req: CheckoutRequest, w: OrderWrite, body: CheckoutResponse) {
  const answer = { status: 201, body: body as unknown as Record<string, unknown> };
  await writeAsOneStatement(tx, [
    ...placeOrderStatements(tx, w),
    insertPaymentStatement(tx, w.payment),
    enqueueStatement(tx, w.messages),
    storeAnswerStatement(tx, req.cartId, req.idempotencyKey, answer, w.order.id),
  ]);
}
