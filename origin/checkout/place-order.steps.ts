/**
 * The steps of the place-order workflow. Each runs inside the workflow's transaction; a step
 * that cannot go on throws `Abort` with the business outcome, which rolls back everything the
 * earlier steps did (reservations, the idempotency claim) — the compensation is the rollback.
 */
import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import type { CheckoutRequest, CheckoutResponse, Order } from '../../contract/orders';
import { idempotencyKeys, orderHistory, orderLines, orders, outboxEvents, payments } from '../../db/schema';
import { type SellableVariant, sellableVariants } from '../catalog/sellable';
import { reserveStock } from '../inventory/reservations';
import { initialStatus } from '../orders/order-state';
import { type OrderLineRow, type OrderRow, toOrder } from '../orders/order-view';
import { OrderTopics } from '../orders/orders';
import { type MethodRule, offeredMethods, refusal } from '../payment/method-rules';
import { COD_PROVIDER, type PaymentRow, shopperPayment } from '../payment/payments';
import type { Tx } from '../platform/context';
import { enqueue, type OutboxMessage, outboxRows } from '../platform/outbox/outbox';
import { type Err, err } from '../platform/result';
import { claimScopedKey, KeyReused } from './idempotency-store';
import { computeTotals, type Totals } from './pricing';
import { chooseShipping, type ShippingChoice, taxRateFor } from './shipping';

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

/** Step 2: price every line from the database (never from the edge) with shipping and tax. */
export async function priceOrder(tx: Tx, req: CheckoutRequest, currency: string): Promise<PricedOrder> {
  const ids = req.lines.map((l) => l.variantId);
  const sellable = await sellableVariants(tx, ids, currency);
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
export interface OrderWrite {
  order: OrderRow;
  lines: OrderLineRow[];
  payment: PaymentRow;
  messages: OutboxMessage[];
}

/**
 * Steps 4–7 as data: the order and its lines, its payment (card: its provider is asked after
 * the commit), and its events (order placed; for cards, the payment deadline). Every column is
 * set here, timestamps included, so the answer can be built before anything is written.
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
  const order: OrderRow = {
    id: orderId,
    cartId: req.cartId,
    status: initialStatus(req.paymentMethod),
    email: req.email.trim().toLowerCase(),
    customerId: req.customerId ?? null,
    currency,
    ...priced.totals,
    paymentMethod: req.paymentMethod,
    shippingAddress: req.shippingAddress,
    shippingMethodId: priced.shipping.id,
    reservationExpiresAt,
    createdAt: now,
    updatedAt: now,
  };
  const lines: OrderLineRow[] = priced.lines.map((l, i) => ({
    orderId,
    lineNo: i + 1,
    variantId: l.variantId,
    productId: l.productId,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    lineTotal: l.quantity * l.unitPrice,
  }));
  const payment: PaymentRow = {
    id: newId('pay'),
    orderId,
    attempt: 1,
    method: req.paymentMethod,
    provider: req.paymentMethod === 'cod' ? COD_PROVIDER : cardProvider,
    providerRef: null,
    status: req.paymentMethod === 'cod' ? 'pending_collection' : 'pending',
    amount: priced.totals.total,
    currency,
    amountCaptured: 0,
    amountRefunded: 0,
    failureCode: null,
    nextAction: null,
    createdAt: now,
    updatedAt: now,
  };
  const messages: OutboxMessage[] = [
    { topic: OrderTopics.placed, aggregateId: orderId, payload: { total: priced.totals.total } },
    ...(reservationExpiresAt
      ? [{ topic: OrderTopics.paymentDeadline, aggregateId: orderId, availableAt: reservationExpiresAt }]
      : []),
  ];
  return { order, lines, payment, messages };
}

/** The shopper's view of what `buildOrder` made. */
export const orderView = (w: OrderWrite): Order => toOrder(w.order, w.lines);
export const paymentView = (w: OrderWrite): CheckoutResponse['payment'] => shopperPayment(w.payment);

/**
 * Step 8 and the writes of steps 4–7 in ONE statement: the order, its lines, its first history
 * entry, its payment, its outbox events, and the answer stored under the Idempotency-Key, as
 * data-modifying CTEs. One round trip instead of six: the order's transaction holds its
 * connection (and the key's row lock) for less time, and the origin spends less CPU per order.
 * Foreign keys are checked at the end of the statement, when every row is in.
 */
export async function writeOrder(tx: Tx, req: CheckoutRequest, w: OrderWrite, body: CheckoutResponse) {
  const history = {
    id: newId('evt'),
    orderId: w.order.id,
    fromStatus: null,
    toStatus: w.order.status,
    reason: 'placed',
  };
  const key = and(eq(idempotencyKeys.scope, req.cartId), eq(idempotencyKeys.key, req.idempotencyKey));
  await tx.execute(sql`
    with placed_order as (${tx.insert(orders).values(w.order).getSQL()}),
      placed_lines as (${tx.insert(orderLines).values(w.lines).getSQL()}),
      placed_history as (${tx
        .insert(orderHistory)
        .values({ ...history, createdAt: w.order.createdAt })
        .getSQL()}),
      placed_payment as (${tx.insert(payments).values(w.payment).getSQL()}),
      placed_events as (${tx.insert(outboxEvents).values(outboxRows(w.messages)).getSQL()}),
      stored_answer as (${tx
        .update(idempotencyKeys)
        .set({ responseStatus: 201, responseBody: body as unknown as Record<string, unknown>, orderId: w.order.id })
        .where(key)
        .getSQL()})
    select 1`);
}
