/**
 * `/api/auth/*`: shopper registration, login and the session's life, relayed to the origin
 * (which owns accounts, passwords and sessions). The edge adds two things: it validates the
 * body's shape before anything leaves, and on registration or login it keeps the guest's cart
 * (the `cart_id` cookie, or `cartId` in the body) by making it, or merging it into, the
 * account's cart, whose id comes back as `cart` and in the cookie. Documented by members.api.ts
 * (registered with the app's document), validated by the same schemas.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { type AuthSession, customerPaths } from '../../contract/customers';
import { accountStub } from '../cart/account-stub';
import type { Cart } from '../cart/cart-rules';
import { CART_COOKIE, cartCookie } from '../cart/cookie';
import { readConfig } from '../lib/config';
import type { AppContext, AppEnv } from '../lib/context';
import { logger } from '../lib/log';
import { noStore } from '../lib/no-store';
import { accessTokenOf, requireSession } from '../lib/session';
import { validJson } from '../lib/validate';
import { callCustomerOrigin, relay, unavailable } from './customer-origin';
import {
  ChangePasswordBody,
  LoginBody,
  LogoutBody,
  RefreshBody,
  RegisterBody,
  ResetConfirmBody,
  ResetRequestBody,
  VerifyEmailBody,
} from './members.api';

/** The largest body an `/api/auth/*` route reads (the gateway's auth limit reads no more either). */
export const AUTH_BODY_MAX_BYTES = 8 * 1024;

const isSession = (body: unknown): body is AuthSession =>
  typeof (body as AuthSession | null)?.customer?.id === 'string' &&
  typeof (body as AuthSession).accessToken === 'string';

/**
 * After a successful login or registration: the guest's cart joins the account (see
 * ShopperAccount.adoptGuestCart). A failure here costs the shopper their guest lines, not the
 * login, so it is logged and the session still answers.
 */
async function withAccountCart(c: AppContext, session: AuthSession, bodyCartId: string | undefined) {
  let cart: Cart | null = null;
  try {
    const guestCartId = bodyCartId ?? getCookie(c, CART_COOKIE) ?? null;
    cart = await accountStub(c, session.customer.id).adoptGuestCart(guestCartId);
  } catch (err) {
    logger.error('could not attach the guest cart', {
      requestId: c.get('requestId'),
      error: err instanceof Error ? err.message : String(err),
    });
  }
  if (cart) {
    const secure = new URL(c.req.url).protocol === 'https:';
    c.header('set-cookie', cartCookie(cart.id, readConfig(c.env).cartTtlSeconds, secure));
  }
  return { ...session, cart };
}

async function signIn(c: AppContext, path: string, body: Record<string, unknown>, cartIdInBody: string | undefined) {
  const answer = await callCustomerOrigin(c, 'POST', path, { body });
  if (!answer) return unavailable(c);
  if (!isSession(answer.body)) return relay(c, answer);
  return c.json(await withAccountCart(c, answer.body, cartIdInBody), answer.status as 200 | 201);
}

export const authRoutes = new Hono<AppEnv>()
  .use('/api/auth/*', noStore, bodyLimit({ maxSize: AUTH_BODY_MAX_BYTES }))
  .post('/api/auth/register', validJson(RegisterBody), async (c) => {
    const { cartId: guest, ...body } = c.req.valid('json');
    return signIn(c, customerPaths.register, body, guest);
  })
  .post('/api/auth/login', validJson(LoginBody), async (c) => {
    const { cartId: guest, ...body } = c.req.valid('json');
    return signIn(c, customerPaths.login, body, guest);
  })
  .post('/api/auth/refresh', validJson(RefreshBody), async (c) =>
    relay(c, await callCustomerOrigin(c, 'POST', customerPaths.refresh, { body: c.req.valid('json') })),
  )
  .post('/api/auth/logout', async (c) => {
    // The body is optional (a bearer alone logs out its session), so it is parsed by hand.
    const text = await c.req.text();
    const parsed = LogoutBody.safeParse(text ? safeJson(text) : {});
    const refreshToken = parsed.success ? parsed.data.refreshToken : undefined;
    const accessToken = accessTokenOf(c);
    if (!accessToken && !refreshToken) {
      return relay(c, { status: 401, body: unauthenticated('Send the access token or the refresh token to log out') });
    }
    const body = refreshToken ? { refreshToken } : {};
    return relay(c, await callCustomerOrigin(c, 'POST', customerPaths.logout, { body, accessToken }));
  })
  .post('/api/auth/password', validJson(ChangePasswordBody), async (c) => {
    const { token } = await requireSession(c);
    const answer = await callCustomerOrigin(c, 'POST', customerPaths.changePassword, {
      body: c.req.valid('json'),
      accessToken: token,
    });
    return relay(c, answer);
  })
  .post('/api/auth/password-reset', validJson(ResetRequestBody), async (c) =>
    relay(c, await callCustomerOrigin(c, 'POST', customerPaths.requestReset, { body: c.req.valid('json') })),
  )
  .post('/api/auth/password-reset/confirm', validJson(ResetConfirmBody), async (c) =>
    relay(c, await callCustomerOrigin(c, 'POST', customerPaths.confirmReset, { body: c.req.valid('json') })),
  )
  .post('/api/auth/verify-email', validJson(VerifyEmailBody), async (c) => {
    // Signed in as the account the link was mailed to (see origin/customers/accounts.ts).
    const { token } = await requireSession(c);
    const body = c.req.valid('json');
    return relay(c, await callCustomerOrigin(c, 'POST', customerPaths.verifyEmail, { body, accessToken: token }));
  })
  .post('/api/auth/verify-email/resend', async (c) => {
    const { token } = await requireSession(c);
    return relay(
      c,
      await callCustomerOrigin(c, 'POST', customerPaths.resendVerification, { body: {}, accessToken: token }),
    );
  });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unauthenticated(message: string) {
  return { error: { code: 'unauthenticated', message } };
}
