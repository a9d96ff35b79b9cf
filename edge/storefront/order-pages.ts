/**
 * The order page a guest reaches with their order link: status, its payment (and the forms to
 * pay again after a declined one), lines, tracking, and reviews once it arrived.
 */
import { html } from 'hono/html';
import type { Order, ShopperOrder } from '../../contract/orders';
import type { OrderReviews } from '../../contract/rating';
import type { OrderTracking } from '../../contract/tracking';
import { formatDate, formatMoney } from './format';
import { type Html, layout, notice } from './layout';
import { type PaymentFormKeys, paymentSection } from './payment-section';

const STATUS_TEXT: Record<string, string> = {
  pending_payment: 'Waiting for payment',
  confirmed: 'Confirmed',
  paid: 'Paid',
  fulfilling: 'Being packed',
  shipped: 'On its way',
  delivered: 'Delivered',
  completed: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

function reviewForms(order: Order, token: string, reviews: OrderReviews | null): Html | string {
  if (!reviews?.open) return '';
  return html`<section class="reviews">
    <h2>How was it?</h2>
    ${reviews.items.map((item) =>
      item.review
        ? html`<article class="review"><strong>${item.title}</strong>: you gave ${'★'.repeat(item.review.rating)}
            <span class="muted">(${item.review.status === 'published' ? 'published' : 'waiting for moderation'})</span></article>`
        : html`<form class="stack review" method="post" action="/orders/${order.id}/reviews?token=${encodeURIComponent(token)}">
            <strong>${item.title}</strong>
            <input type="hidden" name="productId" value="${item.productId}" />
            <label>Rating
              <select name="rating">${[5, 4, 3, 2, 1].map((n) => html`<option value="${n}">${'★'.repeat(n)}</option>`)}</select>
            </label>
            <label>Title <input name="title" maxlength="120" /></label>
            <label>Review <textarea name="body" rows="3" maxlength="5000"></textarea></label>
            <button type="submit">Publish review</button>
          </form>`,
    )}
  </section>`;
}

export function orderPage(args: {
  order: ShopperOrder;
  token: string;
  paymentKeys: PaymentFormKeys;
  tracking: OrderTracking | null;
  reviews: OrderReviews | null;
  message?: string;
  error?: string;
}): Html {
  const { order, token, tracking, reviews } = args;
  return layout(
    `Order ${order.id}`,
    html`<h1>Order ${order.id}</h1>
      ${notice(args.message, 'ok')}${notice(args.error)}
      <p><strong>${STATUS_TEXT[order.status] ?? order.status}</strong> · placed ${formatDate(order.createdAt)} · ${order.paymentMethod === 'cod' ? 'cash on delivery' : 'card'}</p>
      <p class="muted">Keep this page's address: it is your link to the order.</p>
      ${paymentSection(order, token, args.paymentKeys)}
      <table>
        <tbody>
          ${order.lines.map((l) => html`<tr><td>${l.quantity} × ${l.title}</td><td class="num">${formatMoney(l.lineTotal)}</td></tr>`)}
        </tbody>
        <tfoot>
          <tr><td>Shipping</td><td class="num">${formatMoney(order.totals.shipping)}</td></tr>
          <tr><td>Tax</td><td class="num">${formatMoney(order.totals.tax)}</td></tr>
          <tr><th>Total</th><th class="num">${formatMoney(order.totals.total)}</th></tr>
        </tfoot>
      </table>
      ${
        tracking && tracking.shipments.length > 0
          ? html`<h2>Tracking</h2>${tracking.shipments.map(
              (s) => html`<p>${s.carrier} · ${s.trackingNumber}</p>
                <ul class="timeline">${s.events.map((e) => html`<li>${formatDate(e.at)} · ${e.status.replaceAll('_', ' ')}${e.location ? ` · ${e.location}` : ''}</li>`)}</ul>`,
            )}`
          : ''
      }
      ${reviewForms(order, token, reviews)}
      <p><a href="/support">Questions about this order? Talk to us.</a></p>`,
  );
}
