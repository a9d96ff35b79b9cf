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
