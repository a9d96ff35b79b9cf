/**
 * Shapes every API of the origin shares: money (integer minor units with its currency) and the
 * error body every 4xx and 5xx answer has.
 */
import { z } from '@hono/zod-openapi';

export const MoneySchema = z
  .object({
    amount: z.number().int().min(0).max(1_000_000_000).openapi({ description: 'Integer minor units', example: 1999 }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .openapi({ example: 'USD' }),
  })
  .strict()
  .openapi('Money');

/** `{ error: { code, message } }`, the body of every error answer (codes in errors.ts). */
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

/** An id of the origin's kind `prefix` (`prod_…`, `var_…`): what a path or body may name. */
export const prefixedId = (prefix: string) =>
  z
    .string()
    .max(64)
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`), `a ${prefix}_… id`);

/** `:variantId` in a path: the catalog's variants, and the stock kept per variant. */
export const VariantIdParam = z.object({
  variantId: prefixedId('var').openapi({ param: { name: 'variantId', in: 'path' } }),
});
