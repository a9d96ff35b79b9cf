/** Boundary validation of checkout at the origin (the edge validates too; never trust it). */
import { z } from '@hono/zod-openapi';
import { MoneySchema } from '../platform/schemas';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ShippingAddressSchema = z
  .object({
    name: text(200),
    line1: text(200),
    line2: z.string().trim().max(200).optional(),
    city: text(120),
    postalCode: text(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as DE'),
  })
  .strict()
  .openapi('ShippingAddress');

export const CheckoutRequestSchema = z
  .object({
    cartId: z.string().min(1).max(200),
    idempotencyKey: z.string().min(1).max(255),
    /** The signed-in customer whose cart this is (the edge's cart object knows); absent for guests. */
    customerId: z
      .string()
      .regex(/^cus_[0-9A-Z]{26}$/)
      .optional(),
    email: z.email().max(254),
    shippingAddress: ShippingAddressSchema,
    shippingMethodId: z.string().min(1).max(64).optional(),
    paymentMethod: z.enum(['card', 'cod']),
    card: z
      .object({ token: z.string().min(1).max(200) })
      .strict()
      .optional(),
    lines: z
      .array(
        z
          .object({
            variantId: z.string().min(1).max(64),
            quantity: z.number().int().min(1).max(1000),
            unitPrice: MoneySchema,
          })
          .strict(),
      )
      .min(1)
      .max(100)
      .refine((lines) => new Set(lines.map((l) => l.variantId)).size === lines.length, 'one line per variant'),
  })
  .strict()
  .refine((r) => (r.paymentMethod === 'card') === (r.card !== undefined), {
    message: 'card is required for card payments and not allowed otherwise',
    path: ['card'],
  })
  .openapi('CheckoutRequest');

const cardSchema = z
  .object({ token: z.string().min(1).max(200) })
  .strict()
  .openapi({ description: 'The card token from the provider (the sandbox: tok_visa, tok_3ds, tok_decline…)' });
const idempotencyKey = z.string().min(1).max(255);

/** `POST /internal/orders/{id}/payment`: another card, or cash on delivery, with the shopper's key. */
export const PaymentRetryRequestSchema = z
  .discriminatedUnion('paymentMethod', [
    z.object({ idempotencyKey, paymentMethod: z.literal('card'), card: cardSchema }).strict(),
    z.object({ idempotencyKey, paymentMethod: z.literal('cod') }).strict(),
  ])
  .openapi('PaymentRetryRequest');

export const PaymentViewSchema = z
  .object({
    id: z.string(),
    status: z.string().openapi({ description: 'processing, requires_action, failed, captured, cash_on_delivery…' }),
    nextAction: z.record(z.string(), z.unknown()).nullable(),
    failureCode: z.string().optional(),
  })
  .openapi('PaymentView');

export const PaymentRetryResponseSchema = z
  .object({ order: z.any().openapi({ description: 'Order' }), payment: PaymentViewSchema })
  .openapi('PaymentRetryResponse');
