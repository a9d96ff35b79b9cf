import { z } from 'zod';
import type { CheckoutBody } from '../../contract/orders';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** 1..255 visible ASCII characters (no spaces or control characters), as the shopper API allows (docs/api.md). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

/** Whether `key` is a well-formed Idempotency-Key (also for keys carried in a form). */
export const isIdempotencyKey = (key: string | undefined): key is string => IDEMPOTENCY_KEY.test(key ?? '');

const text = (max: number) => z.string().trim().min(1).max(max);

const shippingAddress = z.strictObject({
  name: text(200),
  line1: text(200),
  line2: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  city: text(120),
  postalCode: text(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code'),
});

const common = {
  email: z.string().trim().max(254).pipe(z.email()),
  shippingAddress,
  shippingMethodId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a shipping method id')
    .optional(),
};

/** A card as the provider's token for it: 1..200 visible ASCII characters. */
export const cardSchema = z.strictObject({ token: z.string().regex(/^[\x21-\x7E]{1,200}$/, 'must be a card token') });

/**
 * The checkout body of the shopper API (docs/api.md). Unknown keys are refused; a card token is required
 * for `card` and refused for `cod`. Strings are trimmed and the country upper-cased before
 * they are forwarded, so the origin compares retries on normalized values.
 */
export const checkoutBodySchema = z
  .discriminatedUnion('paymentMethod', [
    z.strictObject({
      ...common,
      paymentMethod: z.literal('card'),
      card: cardSchema,
    }),
    z.strictObject({ ...common, paymentMethod: z.literal('cod') }),
  ])
  .meta({ id: 'CheckoutBody' });

/**
 * The `Idempotency-Key` header as the document shows it. `requireIdempotencyKey` checks it (a
 * missing key has its own error code), so it is documented as a parameter, not validated twice.
 */
export const idempotencyKeyParameter = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: true,
  description:
    'One key per intended outcome: the same key and body again are answered the same, never done twice (1–255 visible ASCII characters)',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
} as const;

// Keeps the schema honest against the contract the origin compiles against.
type Assignable<T extends CheckoutBody> = T;
export type ParsedCheckoutBody = Assignable<z.output<typeof checkoutBodySchema>>;
