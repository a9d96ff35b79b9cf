/**
 * The gateway's limit classes, wired in app.ts. Limits come from [vars] (see config.ts):
 * RATE_LIMIT_API, RATE_LIMIT_CHECKOUT (checkouts and an order's further payment attempts),
 * RATE_LIMIT_AUTH, RATE_LIMIT_CONVERSATIONS.
 */
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { getCookie } from 'hono/cookie';
import { CART_COOKIE } from '../cart/cookie';
import { accountSubject, clientIp, digest } from '../lib/client-identity';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { shopperSession } from '../lib/session';
import { AUTH_BODY_MAX_BYTES } from '../members/auth.routes';
import { bucketKey, leasePool, rateLimit } from './rate-limit';

const ipSubject = (headers: Headers) => `ip:${clientIp(headers)}`;
const ip = (c: AppContext) => ipSubject(c.req.raw.headers);
const API_CLASS = 'api';

/**
 * Every `/api/*` request, per client IP and per signed-in account (one customer's devices and
 * addresses share one bucket), leased in batches so a cached catalog read stays in the isolate.
 */
export const apiRateLimit = rateLimit({
  name: API_CLASS,
  rule: (env) => readConfig(env).rateLimits.api,
  subjects: async (c) => {
    const session = await shopperSession(c);
    return session ? [ip(c), `acct:${session.sub}`] : [ip(c)];
  },
  leased: true,
});

/**
 * `apiRateLimit` for an anonymous request, from this isolate's lease only: spends the client's
 * token and says true when one was at hand (or the class is off); false means "go through the
 * middleware", which fetches a lease or answers a remembered refusal. For the repeat-read hot
 * path (catalog/repeat-reads.ts), which must charge the very bucket the middleware would.
 */
export function spendAnonymousApiToken(env: Env, headers: Headers, now: number): boolean {
  if (!readConfig(env).rateLimits.api) return true;
  return leasePool.trySpend(bucketKey(API_CLASS, ipSubject(headers)), now).kind === 'spent';
}

/** The client address and, when the request carries one, its bearer account. */
async function ipAndAccount(c: AppContext): Promise<string[]> {
  const account = await accountSubject(c.req.raw.headers, readConfig(c.env).authKeys);
  return account ? [ip(c), account] : [ip(c)];
}

/**
 * Placing an order, exact: `POST /api/carts/:id/checkout` and the storefront's `POST /checkout`
 * (whose cart is the `cart_id` cookie) count in the same buckets, so the form is no second door:
 * per IP, per cart (card testing runs many attempts through one cart) and per account when the
 * request carries one.
 */
export const checkoutRateLimit = rateLimit({
  name: 'checkout',
  rule: (env) => readConfig(env).rateLimits.checkout,
  subjects: async (c) => {
    const subjects = await ipAndAccount(c);
    const cartId = (c.req.param('id') ?? getCookie(c, CART_COOKIE) ?? '').slice(0, 128);
    if (cartId) subjects.push(`cart:${cartId}`);
    return subjects;
  },
});

/**
 * Another payment attempt for an order (`POST /api/orders/:id/payment` and the order page's
 * form), exact, in the checkout class (the same per-IP bucket as checkouts): per IP, per order
 * (card testing through one declined order) and per account when the request carries one.
 */
export const orderPaymentRateLimit = rateLimit({
  name: 'checkout',
  rule: (env) => readConfig(env).rateLimits.checkout,
  subjects: async (c) => [...(await ipAndAccount(c)), `order:${(c.req.param('id') ?? '').slice(0, 128)}`],
});

/**
 * Opening a support conversation (`POST /api/conversations`), exact: per IP and per account.
 * Each one is a new Durable Object and a thread in the agents' inbox, so a flood costs storage
 * and people's time; the messages inside a conversation have their own per-shopper limit.
 */
export const conversationRateLimit = rateLimit({
  name: 'conversation',
  rule: (env) => readConfig(env).rateLimits.conversations,
  subjects: ipAndAccount,
});

/**
 * The account a login or registration names: the `email` of a small JSON body, hashed. Read
 * through Hono's body cache, so the route's own validator still gets the body; the body is
 * already bounded by `authRateLimit`'s body limit.
 */
async function namedAccount(c: AppContext): Promise<string | null> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return null;
  try {
    const body: unknown = await c.req.json();
    const email = (body as { email?: unknown } | null)?.email;
    return typeof email === 'string' && email.length <= 320
      ? `email:${await digest(email.trim().toLowerCase())}`
      : null;
  } catch {
    return null; // malformed JSON: the route answers it
  }
}

/**
 * `/api/auth/*` (login, registration and what follows), exact: per IP, per bearer account and
 * per named account, so password guessing is slow both from one address and against one account.
 * Naming the account means reading the body, so the routes' body limit comes first: it counts
 * the bytes as they arrive (a chunked body has no Content-Length to check) and answers 413
 * `payload_too_large` at the limit, leaving the rest unread.
 */
export const authRateLimit = every(
  bodyLimit({ maxSize: AUTH_BODY_MAX_BYTES }),
  rateLimit({
    name: 'auth',
    rule: (env) => readConfig(env).rateLimits.auth,
    subjects: async (c) => {
      const subjects = [ip(c)];
      const [account, named] = await Promise.all([
        accountSubject(c.req.raw.headers, readConfig(c.env).authKeys),
        namedAccount(c),
      ]);
      if (account) subjects.push(account);
      if (named) subjects.push(named);
      return subjects;
    },
  }),
);
