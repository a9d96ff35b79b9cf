/** Staff accounts, their passwords and API keys (permission `staff:admin`, declared in permissions.ts). */
import { createRoute } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { ErrorSchema } from '../platform/schemas';
import { createApiKey, type KeyCreator, listApiKeys, revokeApiKey } from './api-keys';
import type { AdminVariables } from './authorize';
import {
  ApiKeyIdParam,
  ApiKeyList,
  ApiKeySchema,
  CreatedApiKey,
  NewApiKeyBody,
  NewStaffBody,
  NoQuery,
  ResetPasswordBody,
  StaffIdParam,
  StaffList,
  StaffPatchBody,
  StaffSchema,
} from './members.schemas';
import type { Principal } from './principal';
import { createStaff, listStaff, toStaffView, updateStaff } from './staff';
import { resetStaffPassword } from './staff-passwords';

const tags = ['Staff'];
const security = [{ adminToken: [] }];
const errors = { ...adminErrors, 403: jsonResponse(ErrorSchema, 'The caller lacks a permission') } as const;

/** The staff member acting: a session's, or an API key's creator; null for the root token. */
const staffIdOf = (p: Principal) => (p.kind === 'session' ? p.staff.id : p.kind === 'api_key' ? p.staffId : null);

/**
 * The staff member a new key is recorded against: keys made by a key belong to that key's
 * creator; keys made by the root token (or a root key) are tied to the configured ADMIN_TOKEN.
 */
const creatorOf = (p: Principal, rootToken: string | null): KeyCreator => ({
  staffId: staffIdOf(p),
  held: p.permissions,
  rootToken,
});

export function staffAdminRoutes(ctx: OriginContext) {
  return router<AdminVariables>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/staff',
        tags,
        security,
        summary: 'All staff accounts',
        request: { query: NoQuery },
        responses: { 200: jsonResponse(StaffList, 'Staff'), ...errors },
      }),
      async (c) => c.json({ items: (await listStaff(ctx.db)).map(toStaffView) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/staff',
        tags,
        security,
        summary: 'Create a staff account with a role',
        request: { query: NoQuery, ...jsonBody(NewStaffBody) },
        responses: { 201: jsonResponse(StaffSchema, 'The new staff member'), ...errors },
      }),
      async (c) => {
        const created = await createStaff(ctx.db, c.req.valid('json'), (password) =>
          ctx.passwords.hash(password, ctx.config.staff.passwordIterations),
        );
        return c.json(toStaffView(unwrap(created)), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/staff/{id}',
        tags,
        security,
        summary: 'Rename, change the role of, disable or re-enable a staff member (effective at once)',
        request: { params: StaffIdParam, query: NoQuery, ...jsonBody(StaffPatchBody) },
        responses: { 200: jsonResponse(StaffSchema, 'The staff member'), ...errors },
      }),
      async (c) => {
        const updated = await updateStaff(ctx.db, c.req.valid('param').id, c.req.valid('json'));
        return c.json(toStaffView(unwrap(updated)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/staff/{id}/password',
        tags,
        security,
        summary:
          'Set another member’s password (every session of theirs ends at once); one’s own goes through POST /admin/me/password',
        request: { params: StaffIdParam, query: NoQuery, ...jsonBody(ResetPasswordBody) },
        responses: {
          200: jsonResponse(StaffSchema, 'The staff member'),
          ...errors,
          503: jsonResponse(ErrorSchema, '`busy`: too many password hashes at once (see Retry-After)'),
        },
      }),
      async (c) => {
        const actor = staffIdOf(c.get('principal'));
        const reset = await resetStaffPassword(ctx, actor, c.req.valid('param').id, c.req.valid('json').password);
        return c.json(unwrap(reset), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api-keys',
        tags,
        security,
        summary: 'All API keys (never their secrets)',
        request: { query: NoQuery },
        responses: { 200: jsonResponse(ApiKeyList, 'API keys'), ...errors },
      }),
      async (c) => c.json({ items: await listApiKeys(ctx.db) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api-keys',
        tags,
        security,
        summary: 'Create an API key with some of the caller’s permissions; the key is shown only in this answer',
        request: { query: NoQuery, ...jsonBody(NewApiKeyBody) },
        responses: { 201: jsonResponse(CreatedApiKey, 'The key and its record'), ...errors },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const created = await createApiKey(ctx.db, creatorOf(c.get('principal'), ctx.config.adminToken), {
          name: body.name,
          permissions: body.permissions,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
        });
        return c.json(unwrap(created), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api-keys/{id}',
        tags,
        security,
        summary: 'Revoke an API key (it stops working at once; idempotent)',
        request: { params: ApiKeyIdParam, query: NoQuery },
        responses: { 200: jsonResponse(ApiKeySchema, 'The revoked key'), ...errors },
      }),
      async (c) => c.json(unwrap(await revokeApiKey(ctx.db, c.req.valid('param').id)), 200),
    );
}
