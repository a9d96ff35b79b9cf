/** Request and response shapes of the customer routes (zod-openapi, so they are documented). */
import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../contract/customers';

const email = z.email().max(254);
/** NIST 800-63B: length, not composition rules; capped so hashing a huge body cannot burn CPU. */
const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
const anyPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const oneTimeToken = z.string().min(1).max(200);
const refreshToken = z.string().min(1).max(300);

export const RegisterBody = z
  .object({ email, password, name: z.string().trim().max(200).optional() })
  .strict()
  .openapi('CustomerRegister');
export const LoginBody = z.object({ email, password: anyPassword }).strict().openapi('CustomerLogin');
export const RefreshBody = z.object({ refreshToken }).strict().openapi('CustomerRefresh');
export const LogoutBody = z.object({ refreshToken: refreshToken.optional() }).strict();
export const ChangePasswordBody = z
  .object({ currentPassword: anyPassword, newPassword: password })
  .strict()
  .openapi('CustomerChangePassword');
export const ResetRequestBody = z.object({ email }).strict().openapi('CustomerResetRequest');
export const ResetConfirmBody = z.object({ token: oneTimeToken, password }).strict().openapi('CustomerResetConfirm');
export const VerifyEmailBody = z.object({ token: oneTimeToken }).strict().openapi('CustomerVerifyEmail');
export const EmptyBody = z.object({}).strict();

export const CustomerSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), emailVerified: z.boolean(), createdAt: z.string() })
  .openapi('Customer');

export const AuthSessionSchema = z
  .object({
    customer: CustomerSchema,
    accessToken: z.string(),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    refreshExpiresAt: z.string(),
  })
  .openapi('CustomerSession');

export const OrderPageQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^ord_[0-9A-Z]{26}$/, 'a cursor from a previous page')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const ClaimResultSchema = z.object({ claimed: z.array(z.string()) }).openapi('ClaimResult');

export const CustomerIdParam = z.object({
  id: z
    .string()
    .regex(/^cus_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const CustomerListQuery = z
  .object({
    email: z.string().trim().min(1).max(254).optional(),
    cursor: z
      .string()
      .regex(/^cus_[0-9A-Z]{26}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const AdminCustomerSchema = CustomerSchema.extend({ orderCount: z.number().int() }).openapi('AdminCustomer');
