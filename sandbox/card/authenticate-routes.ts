/**
 * The 3-D Secure challenge the shopper's browser is sent to (`nextAction.url`). It carries no
 * secret key: like an issuer's challenge page, knowing the intent's id is the capability. Once
 * the shopper answers, a browser is sent back (303) to the shop's `returnUrl` given at confirm,
 * with `payment_intent=<id>` added as a real processor does; without one it sees our own page.
 */
import { Hono } from 'hono';
import type { IdempotencyStore } from '../lib/idempotency';
import { failure, fromOutcome, handlePost, isFormPost, reply } from './card-http';
import type { CardState, PaymentIntent } from './card-objects';
import { authenticateBody } from './card-schemas';
import { authenticateIntent } from './payment-intents';

/** Paths that skip the bearer check. */
export const BROWSER_PATH = /^\/v1\/payment_intents\/[^/]+\/authenticate$/;

export function authenticateRoutes(state: CardState, store: IdempotencyStore): Hono {
  const api = new Hono();

  api.get('/payment_intents/:id/authenticate', (c) => {
    const intent = state.intents.get(c.req.param('id'));
    if (!intent) return reply(c, failure('not_found', `No such payment intent: ${c.req.param('id')}`));
    return c.html(challengePage(intent, c.req.path));
  });

  api.post('/payment_intents/:id/authenticate', (c) =>
    handlePost(
      c,
      store,
      authenticateBody,
      (input) => {
        const answer = fromOutcome(authenticateIntent(state, c.req.param('id'), input.outcome));
        if (answer.status !== 200 || !isFormPost(c)) return answer;
        const intent = answer.body as PaymentIntent;
        return intent.returnUrl
          ? { status: 303, body: null, location: backToShop(intent.returnUrl, intent.id) }
          : { status: 200, body: donePage(input.outcome) };
      },
      { acceptForms: true },
    ),
  );

  return api;
}

/** The shop's return URL with the intent's id added to its query. */
export function backToShop(returnUrl: string, intentId: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('payment_intent', intentId);
  return url.toString();
}

function challengePage(intent: PaymentIntent, action: string): string {
  const amount = `${(intent.amount / 100).toFixed(2)} ${intent.currency}`;
  const body =
    intent.status === 'requires_action'
      ? `<p>Approve the payment of ${escapeHtml(amount)} for ${escapeHtml(intent.reference)}?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="outcome" value="approve"><button>Approve</button></form>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="outcome" value="fail"><button>Fail</button></form>`
      : `<p>Nothing to authenticate: this payment is ${escapeHtml(intent.status)}.</p>${
          intent.returnUrl
            ? `<p><a href="${escapeHtml(backToShop(intent.returnUrl, intent.id))}">Back to the shop</a></p>`
            : ''
        }`;
  return page('Sandbox card authentication', body);
}

function donePage(outcome: 'approve' | 'fail'): string {
  const text = outcome === 'approve' ? 'Authentication approved.' : 'Authentication failed.';
  return page('Sandbox card authentication', `<p>${text} You can close this window.</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
