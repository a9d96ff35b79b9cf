/**
 * Request bodies of the card sandbox. Unknown fields are refused, as real processors do, so an
 * adapter that misspells a parameter (`capture_method`) hears about it instead of silently
 * getting the default.
 */
import { z } from 'zod';

const amount = z.number().int().min(1);

export const createIntentBody = z.strictObject({
  amount,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 4217 code'),
  reference: z.string().min(1).max(200),
  captureMethod: z.enum(['automatic', 'manual']).default('automatic'),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
    .default({}),
});

/**
 * Where the shopper's browser goes after a 3-D Secure challenge (a processor's `return_url`):
 * the shop's own page, never a page of ours.
 */
const returnUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048);

export const confirmBody = z.strictObject({ token: z.string(), returnUrl: returnUrl.optional() });

export const authenticateBody = z.strictObject({ outcome: z.enum(['approve', 'fail']).default('approve') });

export const captureBody = z.strictObject({ amount: amount.optional() });

export const refundBody = z.strictObject({
  paymentIntent: z.string().min(1),
  amount: amount.optional(),
  reference: z.string().min(1).max(200).optional(),
});

export const emptyBody = z.strictObject({});
