/**
 * Staff login and logout, `GET /admin/me` (who the caller is and what they may do) and the
 * caller's own password change.
 */
import { createRoute } from '@hono/zod-openapi';
import { directAddress } from '../platform/client-address';
import type { OriginContext } from '../platform/context';
import { HttpError, unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { ErrorSchema } from '../platform/schemas';
import type { AdminVariables } from './authorize';
import { login } from './login';
import { ChangeOwnPasswordBody, LoginBody, LoginResponse, MeSchema, NoQuery } from './members.schemas';
import { describePrincipal } from './principal';
import { deleteSession } from './sessions';
import { changeOwnPassword } from './staff-passwords';

const tags = ['Staff'];
const security = [{ adminToken: [] }];

export function authAdminRoutes(ctx: OriginContext) {
  return router<AdminVariables>()
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/login',
        tags,
        security: [],
        summary: 'Log a staff member in: a session token for `Authorization: Bearer` (no credential needed)',
        request: { query: NoQuery, ...jsonBody(LoginBody) },
        responses: {
          200: jsonResponse(LoginResponse, 'The session (the token is shown only here)'),
          400: jsonResponse(ErrorSchema, 'Malformed input'),
          401: jsonResponse(ErrorSchema, 'Wrong email or password, or a disabled account'),
          429: jsonResponse(
            ErrorSchema,
            '`rate_limited`: too many attempts from this address; `too_many_attempts`: this email is locked for this address after failed attempts (see Retry-After)',
          ),
          503: jsonResponse(ErrorSchema, '`busy`: too many password checks at once (see Retry-After)'),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const from = directAddress(c, ctx.config.clientAddressHeader);
        return c.json(unwrap(await login(ctx, email, password, from)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/logout',
        tags,
        security,
        summary: 'End the caller’s staff session (the token stops working at once)',
        request: { query: NoQuery },
        responses: { 204: { description: 'Logged out' }, ...adminErrors },
      }),
      async (c) => {
        const principal = c.get('principal');
        if (principal.kind !== 'session') {
          unwrap({ ok: false, code: 'not_a_session', message: 'Only a staff session can log out' });
        } else {
          await deleteSession(ctx.db, principal.token);
        }
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/me/password',
        tags,
        security,
        summary:
          'Change the caller’s own password (a staff session; the current password is required). Every session of theirs ends; a new one is returned',
        request: { query: NoQuery, ...jsonBody(ChangeOwnPasswordBody) },
        responses: {
          200: jsonResponse(LoginResponse, 'A new session (all earlier ones ended)'),
          ...adminErrors,
          429: jsonResponse(
            ErrorSchema,
            'Too many attempts from this address, or too many wrong passwords (see Retry-After)',
          ),
          503: jsonResponse(ErrorSchema, '`busy`: too many password checks at once (see Retry-After)'),
        },
      }),
      async (c) => {
        const principal = c.get('principal');
        if (principal.kind !== 'session') {
          throw new HttpError('not_a_session', 'Only a staff session has a password to change');
        }
        const from = directAddress(c, ctx.config.clientAddressHeader);
        return c.json(unwrap(await changeOwnPassword(ctx, principal.staff, c.req.valid('json'), from)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/me',
        tags,
        security,
        summary: 'The caller: root token, staff member or API key, and its permissions',
        request: { query: NoQuery },
        responses: { 200: jsonResponse(MeSchema, 'The caller'), ...adminErrors },
      }),
      async (c) => c.json(describePrincipal(c.get('principal')), 200),
    );
}
