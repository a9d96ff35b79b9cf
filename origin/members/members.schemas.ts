/** Request and response shapes of the staff admin routes (zod-openapi, so they are documented). */
import { z } from '@hono/zod-openapi';
import { PERMISSIONS, STAFF_ROLES } from './permissions';

const idParam = (prefix: string) =>
  z.object({
    id: z
      .string()
      .regex(new RegExp(`^${prefix}_[0-9A-Z]{26}$`))
      .openapi({ param: { name: 'id', in: 'path' } }),
  });
export const StaffIdParam = idParam('stf');
export const ApiKeyIdParam = idParam('key');
export const NoQuery = z.object({}).strict();

const email = z.email().max(254);
/** Long enough to resist guessing; capped so hashing a huge body cannot be used to burn CPU. */
const password = z.string().min(12).max(256);
const role = z.enum(STAFF_ROLES);
const permission = z.enum(PERMISSIONS);

export const LoginBody = z
  .object({ email, password: z.string().min(1).max(256) })
  .strict()
  .openapi('StaffLogin');

export const StaffSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    permissions: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Staff');

export const LoginResponse = z
  .object({ token: z.string(), expiresAt: z.string(), staff: StaffSchema })
  .openapi('StaffSession');

export const MeSchema = z
  .object({
    kind: z.enum(['root', 'session', 'api_key']),
    staff: StaffSchema.nullable(),
    apiKey: z.object({ id: z.string(), name: z.string(), createdBy: z.string().nullable() }).nullable(),
    permissions: z.array(z.string()),
  })
  .openapi('AdminIdentity');

export const NewStaffBody = z
  .object({ email, password, role, name: z.string().max(200).optional() })
  .strict()
  .openapi('NewStaff');

export const StaffPatchBody = z
  .object({ name: z.string().max(200).optional(), role: role.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
  .openapi('StaffPatch');

export const StaffList = z.object({ items: z.array(StaffSchema) }).openapi('StaffList');

/** The member's own change: the current password proves it is them, not a stolen session. */
export const ChangeOwnPasswordBody = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: password })
  .strict()
  .openapi('ChangeOwnPassword');

export const ResetPasswordBody = z.object({ password }).strict().openapi('StaffPasswordReset');

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(z.string()),
    createdBy: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiKey');

export const NewApiKeyBody = z
  .object({
    name: z.string().min(1).max(100),
    permissions: z.array(permission).min(1).max(PERMISSIONS.length),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi('NewApiKey');

export const CreatedApiKey = z
  .object({ key: z.string().openapi({ description: 'The secret, shown this once only' }), apiKey: ApiKeySchema })
  .openapi('CreatedApiKey');

export const ApiKeyList = z.object({ items: z.array(ApiKeySchema) }).openapi('ApiKeyList');
