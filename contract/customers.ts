/**
 * The customer-accounts contract between the edge and the origin. The edge imports this file
 * for its types and the pure `customerPaths`; every call is signed like the rest of /internal.
 *
 * A shopper's session is two tokens:
 * - an **access token**: a short-lived JWT (HS256, `kid` in its header, keys in
 *   `AUTH_TOKEN_KEYS`, claims in `AccessClaims`), verified statelessly by the edge and again by
 *   the origin (`access-token.ts`, pure WebCrypto, shared by both);
 * - a **refresh token** `rt_<sessionId>.<secret>`: one-time use, rotated on every refresh; the
 *   session lives in the cache port (Redis/Upstash in production) and dies on logout, on a
 *   password change or reset (all of the customer's sessions), or when an old refresh token is
 *   replayed (theft: the whole session goes).
 *
 * Routes that act for a signed-in customer carry the access token in `x-customer-token`; the
 * origin verifies it and that its session is still alive (so revocation is immediate at the
 * origin, and within the access token's lifetime at the edge).
 *
 * `POST /internal/auth/register` RegisterBody → 201 AuthSession | 409 email_taken | 400
 * `POST /internal/auth/login` LoginBody → 200 AuthSession | 401 invalid_credentials | 429 too_many_attempts
 * `POST /internal/auth/refresh` RefreshBody → 200 AuthSession | 401 invalid_refresh_token
 * `POST /internal/auth/logout` (x-customer-token, also expired, or RefreshBody) → 204
 * `POST /internal/auth/password` ChangePasswordBody (x-customer-token) → 200 AuthSession (every
 *   other session revoked) | 401 invalid_credentials | 401 unauthenticated
 * `POST /internal/auth/password-reset` { email } → 202 (always, known email or not)
 * `POST /internal/auth/password-reset/confirm` ResetPasswordBody → 204 | 400 invalid_token
 * `POST /internal/auth/verify-email` { token } (x-customer-token of the account it was mailed to)
 *   → 200 Customer | 400 invalid_token | 401 unauthenticated
 * `POST /internal/auth/verify-email/resend` (x-customer-token) → 202
 * `GET /internal/me` (x-customer-token) → 200 Customer | 401 unauthenticated
 * `GET /internal/me/orders?cursor=&limit=` (x-customer-token) → 200 OrderPage
 * `POST /internal/me/orders/claim` (x-customer-token) → 200 ClaimResult | 403 email_not_verified
 * `GET /internal/orders/:id` with `x-customer-token` (instead of `x-order-token`) → the order
 *   when it belongs to that customer, else 404 order_not_found (same for tracking).
 * `POST /internal/checkout` gains `customerId` (the owner of the cart, known to the edge's cart
 *   object): the order is the customer's from the start.
 */
import { z } from 'zod';
import { OrderSchema } from './orders';

export const CustomerSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof CustomerSchema>;

export const AuthSessionSchema = z
  .object({
    customer: CustomerSchema,
    accessToken: z.string(),
    /** Seconds the access token is valid for. */
    expiresIn: z.int(),
    refreshToken: z.string(),
    /** When the session ends unless refreshed (ISO 8601). */
    refreshExpiresAt: z.string(),
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.infer<typeof AuthSessionSchema>;

export interface RegisterBody {
  email: string;
  password: string;
  name?: string;
}

export interface LoginBody {
  email: string;
  password: string;
}

export interface RefreshBody {
  refreshToken: string;
}

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

export interface ResetPasswordBody {
  token: string;
  password: string;
}

export const OrderPageSchema = z
  .object({ items: z.array(OrderSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'OrderPage' });
export type OrderPage = z.infer<typeof OrderPageSchema>;

export const ClaimResultSchema = z
  .object({
    /** Ids of the guest orders placed with the customer's verified email that are now theirs. */
    claimed: z.array(z.string()),
  })
  .meta({ id: 'ClaimResult' });
export type ClaimResult = z.infer<typeof ClaimResultSchema>;

/** Claims of an access token (JWT payload). */
export interface AccessClaims {
  iss: 'edgeshop';
  aud: 'shopper';
  /** The customer id. */
  sub: string;
  /** The refresh session it was issued for (revocation is by session). */
  sid: string;
  iat: number;
  exp: number;
}

/** Passwords: 10..256 characters (NIST 800-63B: length over composition rules). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const customerPaths = {
  register: '/internal/auth/register',
  login: '/internal/auth/login',
  refresh: '/internal/auth/refresh',
  logout: '/internal/auth/logout',
  changePassword: '/internal/auth/password',
  requestReset: '/internal/auth/password-reset',
  confirmReset: '/internal/auth/password-reset/confirm',
  verifyEmail: '/internal/auth/verify-email',
  resendVerification: '/internal/auth/verify-email/resend',
  me: '/internal/me',
  myOrders: '/internal/me/orders',
  claimOrders: '/internal/me/orders/claim',
  customerTokenHeader: 'x-customer-token',
} as const;
