/** The cart page and the checkout form. Plain forms: every step works without JavaScript. */
import { html } from 'hono/html';
import type { Cart } from '../cart/cart-rules';
import { formatMoney } from './format';
import { type Html, layout, notice } from './layout';

export function cartPage(cart: Cart | null, error?: string): Html {
  if (!cart || cart.lines.length === 0) {
    return layout(
      'Your cart',
      html`<h1>Your cart</h1>${notice(error)}<p>Your cart is empty. <a href="/">Browse products</a></p>`,
    );
  }
  return layout(
    'Your cart',
    html`<h1>Your cart</h1>
      ${notice(error)}
      <table>
        <thead><tr><th>Item</th><th class="num">Price</th><th>Quantity</th><th class="num">Total</th></tr></thead>
        <tbody>
          ${cart.lines.map(
            (l) => html`<tr>
              <td>${l.title}</td>
              <td class="num">${formatMoney(l.unitPrice)}</td>
              <td>
                <form class="row" method="post" action="/cart/items/${l.variantId}">
                  <input type="number" name="quantity" value="${l.quantity}" min="0" max="20" aria-label="Quantity of ${l.title}" />
                  <button class="secondary" type="submit">Update</button>
                </form>
              </td>
              <td class="num">${formatMoney(l.lineTotal)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot><tr><th colspan="3">Subtotal (${cart.totals.itemCount} items)</th><th class="num">${formatMoney(cart.totals.subtotal)}</th></tr></tfoot>
      </table>
      <p class="muted">Shipping and tax are added at checkout. Set a quantity to 0 to remove an item.</p>
      <p><a href="/checkout"><button type="button">Check out</button></a></p>`,
  );
}

/** The sandbox card processor's test cards, offered wherever the pages take a card. */
export const TEST_CARDS: readonly (readonly [token: string, label: string])[] = [
  ['tok_visa', 'Visa, approved'],
  ['tok_3ds', 'Visa, asks for 3-D Secure'],
  ['tok_decline', 'Declined'],
];

export interface CheckoutForm {
  email?: string;
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  paymentMethod?: string;
  cardToken?: string;
}

/** The checkout form; `key` is the Idempotency-Key a resubmission reuses, so it never orders twice. */
export function checkoutPage(cart: Cart, key: string, form: CheckoutForm = {}, error?: string): Html {
  const value = (name: keyof CheckoutForm) => form[name] ?? '';
  const method = form.paymentMethod ?? 'cod';
  return layout(
    'Checkout',
    html`<h1>Checkout</h1>
      ${notice(error)}
      <p>${cart.totals.itemCount} items · subtotal ${formatMoney(cart.totals.subtotal)}</p>
      <form class="stack" method="post" action="/checkout">
        <input type="hidden" name="key" value="${key}" />
        <label>Email <input type="email" name="email" required value="${value('email')}" autocomplete="email" /></label>
        <label>Full name <input name="name" required value="${value('name')}" autocomplete="name" /></label>
        <label>Address <input name="line1" required value="${value('line1')}" autocomplete="address-line1" /></label>
        <label>Address line 2 <input name="line2" value="${value('line2')}" autocomplete="address-line2" /></label>
        <div class="row">
          <label>City <input name="city" required value="${value('city')}" autocomplete="address-level2" /></label>
          <label>Postal code <input name="postalCode" required value="${value('postalCode')}" autocomplete="postal-code" /></label>
          <label>Country <input name="country" required maxlength="2" size="3" value="${value('country') || 'US'}" autocomplete="country" /></label>
        </div>
        <fieldset>
          <legend>Payment</legend>
          <label><span><input type="radio" name="paymentMethod" value="cod" ${method === 'cod' ? 'checked' : ''} /> Cash on delivery</span></label>
          <label><span><input type="radio" name="paymentMethod" value="card" ${method === 'card' ? 'checked' : ''} /> Card</span></label>
          <label>Card (sandbox test cards)
            <select name="cardToken">
              ${TEST_CARDS.map(
                ([token, label]) =>
                  html`<option value="${token}" ${form.cardToken === token ? 'selected' : ''}>${label}</option>`,
              )}
            </select>
          </label>
        </fieldset>
        <button type="submit">Place order</button>
      </form>`,
  );
}
