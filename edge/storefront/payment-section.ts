/**
 * Where the order's payment stands on the order page and, after a declined payment, the forms
 * to pay again while the order holds its items: another card (the sandbox's test cards, as at
 * checkout) or, where the shop offers it for this order, cash on delivery. Each form carries its
 * own Idempotency-Key, so sending it twice makes one attempt.
 */
import { html } from 'hono/html';
import type { ShopperOrder } from '../../contract/orders';
import { TEST_CARDS } from './cart-pages';
import { formatDateTime } from './format';
import type { Html } from './layout';

const FAILURE_TEXT: Record<string, string> = {
  card_declined: 'the card was declined',
  insufficient_funds: 'the card has insufficient funds',
  authentication_failed: 'the 3-D Secure check failed',
  invalid_card_token: 'the card was not accepted',
};

/** The keys of the two forms, fresh per page view. */
export interface PaymentFormKeys {
  card: string;
  cod: string;
}

function state(payment: NonNullable<ShopperOrder['payment']>): Html | string {
  const url = payment.nextAction?.url;
  switch (payment.status) {
    case 'failed':
      return html`<p class="notice bad" role="status">Your payment did not go through: ${
        FAILURE_TEXT[payment.failureCode ?? ''] ?? 'it was refused'
      }.</p>`;
    case 'cancelled':
      return html`<p class="notice bad" role="status">Your payment was cancelled.</p>`;
    case 'requires_action':
      return typeof url === 'string' && /^https?:\/\//.test(url)
        ? html`<p>Your bank asks you to confirm the payment. <a href="${url}">Confirm it</a></p>`
        : '';
    case 'pending':
    case 'processing':
    case 'authorized':
      return html`<p class="muted">We are waiting for your bank's answer; refresh this page in a moment.</p>`;
    default:
      return '';
  }
}

export function paymentSection(order: ShopperOrder, token: string, keys: PaymentFormKeys): Html | string {
  const payment = order.payment;
  if (!payment) return '';
  const retry = payment.retry;
  if (!retry) return state(payment);
  const action = `/orders/${order.id}/payment?token=${encodeURIComponent(token)}`;
  return html`${state(payment)}
    <section class="payment-retry">
      <h2>Pay again</h2>
      <p class="muted">We hold your items until ${formatDateTime(retry.until)}; after that the order is cancelled.</p>
      ${
        retry.methods.includes('card')
          ? html`<form class="stack" method="post" action="${action}">
              <input type="hidden" name="key" value="${keys.card}" />
              <input type="hidden" name="paymentMethod" value="card" />
              <label>Card (sandbox test cards)
                <select name="cardToken">${TEST_CARDS.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select>
              </label>
              <button type="submit">Pay by card</button>
            </form>`
          : ''
      }
      ${
        retry.methods.includes('cod')
          ? html`<form method="post" action="${action}">
              <input type="hidden" name="key" value="${keys.cod}" />
              <input type="hidden" name="paymentMethod" value="cod" />
              <button class="secondary" type="submit">Pay cash on delivery instead</button>
            </form>`
          : ''
      }
    </section>`;
}
