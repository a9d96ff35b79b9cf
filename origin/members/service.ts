/**
 * What other subsystems ask the members context, in-process or over signed HTTP
 * (platform/rpc.ts): who an admin credential is, whether held staff credentials still hold, and
 * whether a staff member exists.
 */
import { z } from 'zod';
import { defineService, method } from '../platform/rpc';
import { staffCredentialStatuses } from './credential-status';
import { PERMISSIONS, STAFF_ROLES } from './permissions';
import { authenticate } from './principal';
import { findStaff } from './staff';

const permission = z.enum(PERMISSIONS);
const StaffViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  permissions: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('root'), permissions: z.array(permission) }),
  z.object({ kind: z.literal('session'), token: z.string(), staff: StaffViewSchema, permissions: z.array(permission) }),
  z.object({
    kind: z.literal('api_key'),
    keyId: z.string(),
    keyName: z.string(),
    staffId: z.string().nullable(),
    permissions: z.array(permission),
  }),
]);
const StaffCredentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff_session'), staffId: z.string(), sessionHash: z.string() }),
  z.object({ kind: z.literal('api_key'), keyId: z.string() }),
  z.object({ kind: z.literal('root'), tokenHash: z.string() }),
]);

export const membersService = defineService('members', {
  /** The caller behind `Authorization: Bearer …`, or null. */
  authenticate: method({
    input: z.object({ authorization: z.string().max(600).nullable() }),
    output: PrincipalSchema.nullable(),
    run: (ctx, { authorization }) => authenticate(ctx.db, ctx.config.adminToken, authorization ?? undefined),
  }),
  /** Whether each held credential still holds, for a holder that needs `required`. */
  credentialStatuses: method({
    input: z.object({ credentials: z.array(StaffCredentialSchema).max(100), required: permission }),
    output: z.array(
      z.union([
        z.object({ valid: z.literal(true) }),
        z.object({
          valid: z.literal(false),
          reason: z.enum(['session_ended', 'credential_revoked', 'staff_disabled', 'permission_revoked']),
        }),
      ]),
    ),
    run: (ctx, { credentials, required }) =>
      staffCredentialStatuses(ctx.db, ctx.config.adminToken, credentials, required),
  }),
  staffExists: method({
    input: z.object({ staffId: z.string().max(64) }),
    output: z.boolean(),
    run: async (ctx, { staffId }) => (await findStaff(ctx.db, staffId)) !== null,
  }),
});
