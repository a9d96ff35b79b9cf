/**
 * The one error body both apps answer with: a machine-readable `code` (snake_case, stable) and
 * a human-readable `message`. Some refusals add details beside them (the variants out of
 * stock, the payment methods offered), which clients may read but need not.
 */
import { z } from 'zod';

export const ErrorBodySchema = z
  .object({
    error: z.looseObject({
      code: z.string().regex(/^[a-z][a-z0-9_]*$/),
      message: z.string(),
    }),
  })
  .meta({ id: 'Error', description: 'Every 4xx and 5xx answer: `{ error: { code, message } }`' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
