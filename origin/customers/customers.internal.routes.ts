/**
 * The customer routes the edge calls (signed; `requireEdgeSignature` is applied by the app):
 * accounts, sessions, the customer's orders. See contract.ts for the answers. Calls on behalf
 * of a signed-in customer carry the access token in `x-customer-token`; it is verified here
 * together with its session (`authenticateCustomer`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { customerPaths } from '../../contract/customers';
import { CLIENT_ADDRESS_HEADER, edgeForwardedAddress } from '../platform/client-address';
import type { OriginContext } from '../platform/context';
import { HttpError, unwrap } from '../platform/errors';
import { jsonBody, jsonResponse, router } from '../platform/openapi';
import { ErrorSchema } from '../platform/schemas';
import {
  changePassword,
  claimGuestOrders,
  confirmPasswordReset,
  listCustomerOrders,
  login,
  register,
  requestPasswordReset,
  resendVerification,
  verifyEmail,
} from './accounts';
import { toCustomer } from './customers';
import {
  AuthSessionSchema,
  ChangePasswordBody,
  ClaimResultSchema,
  CustomerSchema,
  EmptyBody,
  LoginBody,
  LogoutBody,
  OrderPageQuery,
  RefreshBody,
  RegisterBody,
  ResetConfirmBody,
  ResetRequestBody,
  VerifyEmailBody,
} from './customers.schemas';
import { authenticateCustomer, logout, refreshSession } from './sessions';

const tags = ['Internal (edge only): customers'];
const security = [{ edgeSignature: [] }];
const errors = (codes: Record<number, string>) =>
  Object.fromEntries(Object.entries(codes).map(([s, d]) => [s, jsonResponse(ErrorSchema, d)]));

/** The customer of the request's `x-customer-token`, or a 401 `unauthenticated`. */
async function signedIn(ctx: OriginContext, c: Context) {
  const found = await authenticateCustomer(ctx, c.req.header(customerPaths.customerTokenHeader));
  if (!found) throw new HttpError('unauthenticated', 'Sign in again: the session is missing, expired or ended');
  return found;
}

const path = (full: string) => full.replace(/^\/internal/, '');

export function customerInternalRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.register),
        tags,
        security,
        summary: 'Create a customer account and a session; mails a verification link',
        request: jsonBody(RegisterBody),
        responses: {
          201: jsonResponse(AuthSessionSchema, 'The new session'),
          ...errors({ 400: 'Malformed input', 409: 'email_taken' }),
        },
      }),
      async (c) => c.json(unwrap(await register(ctx, c.req.valid('json'))), 201),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.login),
        tags,
        security,
        summary: `Log a customer in (throttled per email and the shopper's address, the edge's \`${CLIENT_ADDRESS_HEADER}\`)`,
        request: jsonBody(LoginBody),
        responses: {
          200: jsonResponse(AuthSessionSchema, 'A new session'),
          401: jsonResponse(ErrorSchema, 'invalid_credentials'),
          429: jsonResponse(ErrorSchema, 'too_many_attempts: this email is locked for this address (see Retry-After)'),
          503: jsonResponse(ErrorSchema, 'busy: too many password checks at once (see Retry-After)'),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        return c.json(unwrap(await login(ctx, email, password, edgeForwardedAddress(c))), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.refresh),
        tags,
        security,
        summary: 'Trade a refresh token for a new pair (the old one is spent; a replay ends the session)',
        request: jsonBody(RefreshBody),
        responses: {
          200: jsonResponse(AuthSessionSchema, 'The rotated session'),
          ...errors({ 401: 'invalid_refresh_token' }),
        },
      }),
      async (c) => {
        const session = await refreshSession(ctx, c.req.valid('json').refreshToken);
        if (!session)
          throw new HttpError('invalid_refresh_token', 'Sign in again: the session is missing, expired or ended');
        return c.json(session, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.logout),
        tags,
        security,
        summary:
          'End the session of the x-customer-token (also an expired one) and/or of the refresh token (its secret must match)',
        request: jsonBody(LogoutBody),
        responses: { 204: { description: 'Logged out (also when the session had already ended)' } },
      }),
      async (c) => {
        const { refreshToken } = c.req.valid('json');
        await logout(ctx, { accessToken: c.req.header(customerPaths.customerTokenHeader), refreshToken });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.changePassword),
        tags,
        security,
        summary: 'Change the password (needs the current one); ends every session and returns a new one',
        request: jsonBody(ChangePasswordBody),
        responses: {
          200: jsonResponse(AuthSessionSchema, 'A new session'),
          ...errors({ 401: 'unauthenticated or invalid_credentials' }),
        },
      }),
      async (c) => {
        const { customer } = await signedIn(ctx, c);
        const { currentPassword, newPassword } = c.req.valid('json');
        return c.json(unwrap(await changePassword(ctx, customer, currentPassword, newPassword)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.requestReset),
        tags,
        security,
        summary: 'Mail a password-reset link (always 202: the answer never tells whether the email has an account)',
        request: jsonBody(ResetRequestBody),
        responses: { 202: { description: 'Accepted' } },
      }),
      async (c) => {
        await requestPasswordReset(ctx, c.req.valid('json').email);
        return c.body(null, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.confirmReset),
        tags,
        security,
        summary: 'Set a new password with a mailed reset token (single use); ends every session',
        request: jsonBody(ResetConfirmBody),
        responses: { 204: { description: 'Password set' }, ...errors({ 400: 'invalid_token' }) },
      }),
      async (c) => {
        const { token, password } = c.req.valid('json');
        unwrap(await confirmPasswordReset(ctx, token, password));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.verifyEmail),
        tags,
        security,
        summary:
          'Confirm the email address with a mailed token (single use), signed in as the account it was mailed to',
        request: jsonBody(VerifyEmailBody),
        responses: {
          200: jsonResponse(CustomerSchema, 'The customer'),
          ...errors({ 400: 'invalid_token', 401: 'unauthenticated' }),
        },
      }),
      async (c) => {
        const { customer } = await signedIn(ctx, c);
        return c.json(unwrap(await verifyEmail(ctx, customer, c.req.valid('json').token)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.resendVerification),
        tags,
        security,
        summary: 'Mail the verification link again (nothing when already verified)',
        request: jsonBody(EmptyBody),
        responses: { 202: { description: 'Accepted' }, ...errors({ 401: 'unauthenticated' }) },
      }),
      async (c) => {
        const { customer } = await signedIn(ctx, c);
        await resendVerification(ctx, customer);
        return c.body(null, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: path(customerPaths.me),
        tags,
        security,
        summary: 'The signed-in customer',
        responses: { 200: jsonResponse(CustomerSchema, 'The customer'), ...errors({ 401: 'unauthenticated' }) },
      }),
      async (c) => c.json(toCustomer((await signedIn(ctx, c)).customer), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: path(customerPaths.myOrders),
        tags,
        security,
        summary: 'The signed-in customer’s orders, newest first',
        request: { query: OrderPageQuery },
        responses: {
          200: jsonResponse(z.object({ items: z.array(z.any()), nextCursor: z.string().nullable() }), 'OrderPage'),
          ...errors({ 401: 'unauthenticated' }),
        },
      }),
      async (c) => {
        const { customer } = await signedIn(ctx, c);
        const { cursor, limit } = c.req.valid('query');
        return c.json(await listCustomerOrders(ctx, customer.id, cursor, limit), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: path(customerPaths.claimOrders),
        tags,
        security,
        summary: 'Make the guest orders placed with the customer’s verified email theirs',
        request: jsonBody(EmptyBody),
        responses: {
          200: jsonResponse(ClaimResultSchema, 'The orders claimed now'),
          ...errors({ 401: 'unauthenticated', 403: 'email_not_verified' }),
        },
      }),
      async (c) => {
        const { customer } = await signedIn(ctx, c);
        return c.json(unwrap(await claimGuestOrders(ctx, customer)), 200);
      },
    );
}
