/**
 * Shopper accounts (`/api/auth/*`, `/api/me*`): definitions of the shopper API (see
 * lib/api-spec.ts). The routes relay the origin's answers as it gave them (auth.routes.ts,
 * me.routes.ts validate with these schemas); the app registers these definitions with its
 * document (`accountRoutes`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  AuthSessionSchema,
  ClaimResultSchema,
  CustomerSchema,
  OrderPageSchema,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../contract/customers';
import { CartSchema } from '../cart/cart.api';
import { error, gatewayErrors, invalid, json, jsonBody, shopperSecurity, tooLarge, unavailable } from '../lib/api-spec';

const tags = ['Accounts'];

const email = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
const anyPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const cartId = z.string().max(80).optional();
const oneTimeToken = z.string().min(1).max(512);

export const RegisterBody = z.strictObject({ email, password, name: z.string().trim().max(200).optional(), cartId });
export const LoginBody = z.strictObject({ email, password: anyPassword, cartId });
export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export const LogoutBody = z.strictObject({ refreshToken: z.string().min(1).max(512).optional() });
export const ChangePasswordBody = z.strictObject({ currentPassword: anyPassword, newPassword: password });
export const ResetRequestBody = z.strictObject({ email });
export const ResetConfirmBody = z.strictObject({ token: oneTimeToken, password });
export const VerifyEmailBody = z.strictObject({ token: oneTimeToken });
export const OrdersQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** A session with the account's cart (the guest's cart joins it on login and registration). */
export const SignedInSchema = AuthSessionSchema.extend({ cart: CartSchema.nullable() }).meta({ id: 'SignedIn' });

const unauthenticated = error('No valid session (or wrong credentials)', 'unauthenticated', 'invalid_credentials');
/** What every account route may answer besides its success: relayed from the origin as it gave it. */
const refusals = {
  400: invalid,
  401: unauthenticated,
  403: error('Not allowed yet', 'email_not_verified'),
  409: error('Conflict', 'email_taken'),
  413: tooLarge,
  ...gatewayErrors,
  502: unavailable,
};

type Outcomes = Record<number, { description: string; content?: ReturnType<typeof json>['content'] }>;

/** A POST route; typed by its path, body and outcomes, so the shopper client reads them. */
const post = <const P extends string, B extends z.ZodType | null, const R extends Outcomes>(
  path: P,
  summary: string,
  body: B,
  ok: R,
  secured = false,
) =>
  createRoute({
    method: 'post',
    path,
    tags,
    summary,
    ...(secured ? { security: shopperSecurity } : {}),
    request: (body ? jsonBody(body) : {}) as B extends z.ZodType ? ReturnType<typeof jsonBody<B>> : object,
    responses: { ...ok, ...refusals },
  });

const noContent = (description: string) => ({ description });

export const registerRoute = post('/api/auth/register', 'Create an account (signed in at once)', RegisterBody, {
  201: json(SignedInSchema, 'The session; the cart cookie names the account’s cart'),
});
export const loginRoute = post('/api/auth/login', 'Sign in', LoginBody, {
  200: json(SignedInSchema, 'The session; the cart cookie names the account’s cart'),
});
export const refreshRoute = post(
  '/api/auth/refresh',
  'A new access token (the refresh token is rotated)',
  RefreshBody,
  {
    200: json(AuthSessionSchema, 'The session'),
  },
);
export const logoutRoute = post(
  '/api/auth/logout',
  'End the session (the bearer’s, or the refresh token’s in the optional body)',
  null,
  { 204: noContent('Signed out') },
);
export const changePasswordRoute = post(
  '/api/auth/password',
  'Change the password (every other session ends)',
  ChangePasswordBody,
  { 200: json(AuthSessionSchema, 'A fresh session') },
  true,
);
export const resetRequestRoute = post(
  '/api/auth/password-reset',
  'Mail a one-time reset link (always 202)',
  ResetRequestBody,
  { 202: noContent('Accepted') },
);
export const resetConfirmRoute = post(
  '/api/auth/password-reset/confirm',
  'Set a new password with the mailed token (every session ends)',
  ResetConfirmBody,
  { 204: noContent('Done') },
);
export const verifyEmailRoute = post(
  '/api/auth/verify-email',
  'Verify the email with the mailed token (signed in as that account)',
  VerifyEmailBody,
  { 200: json(CustomerSchema, 'The customer') },
  true,
);
export const resendVerificationRoute = post(
  '/api/auth/verify-email/resend',
  'Mail the verification link again',
  null,
  { 202: noContent('Accepted') },
  true,
);

export const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  tags,
  summary: 'The signed-in customer',
  security: shopperSecurity,
  responses: { 200: json(CustomerSchema, 'The customer'), ...refusals },
});

export const myOrdersRoute = createRoute({
  method: 'get',
  path: '/api/me/orders',
  tags,
  summary: 'The customer’s orders, newest first',
  security: shopperSecurity,
  request: { query: OrdersQuery },
  responses: { 200: json(OrderPageSchema, 'A page of orders'), ...refusals },
});

export const claimOrdersRoute = post(
  '/api/me/orders/claim',
  'Take the guest orders placed with the verified email',
  null,
  { 200: json(ClaimResultSchema, 'The orders claimed') },
  true,
);

/** Every account route, for the app's document. */
export const accountRoutes = [
  registerRoute,
  loginRoute,
  refreshRoute,
  logoutRoute,
  changePasswordRoute,
  resetRequestRoute,
  resetConfirmRoute,
  verifyEmailRoute,
  resendVerificationRoute,
  meRoute,
  myOrdersRoute,
  claimOrdersRoute,
] as const;
