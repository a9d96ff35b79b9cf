import { z } from '@hono/zod-openapi';
import { MoneySchema } from '../platform/schemas';
import { PAYMENT_METHOD_NAMES } from './method-rules';

export const PaymentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    attempt: z.number().int().openapi({ description: '1 for the checkout’s payment, then one per new attempt' }),
    method: z.enum(['card', 'cod']),
    provider: z.string(),
    providerRef: z.string().nullable(),
    status: z.string(),
    amount: MoneySchema,
    captured: MoneySchema,
    refunded: MoneySchema,
    failureCode: z.string().nullable(),
    nextAction: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Payment');

export const RefundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    orderId: z.string(),
    amount: MoneySchema,
    status: z.enum(['pending', 'succeeded', 'failed']),
    reason: z.string(),
    providerRef: z.string().nullable(),
    failureCode: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Refund');

export const RefundBody = z
  .object({
    amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().openapi({
      description: 'Minor units of the order currency; omitted → everything still refundable',
    }),
    reason: z.string().trim().min(1).max(500).default('requested by merchant'),
  })
  .strict()
  .openapi('RefundRequest');

const country = z.string().regex(/^[A-Z]{2}$/);
export const MethodRuleBody = z
  .object({
    enabled: z.boolean(),
    countries: z.array(country).min(1).max(250).nullable().default(null),
    currencies: z
      .array(z.string().regex(/^[A-Z]{3}$/))
      .min(1)
      .max(50)
      .nullable()
      .default(null),
    minAmount: z.number().int().min(0).nullable().default(null),
    maxAmount: z.number().int().min(0).nullable().default(null),
  })
  .strict()
  .refine((r) => r.minAmount === null || r.maxAmount === null || r.minAmount <= r.maxAmount, {
    message: 'minAmount must not exceed maxAmount',
    path: ['minAmount'],
  })
  .openapi('PaymentMethodRule');

export const MethodParam = z.object({
  method: z.enum(PAYMENT_METHOD_NAMES as ['card', 'cod']).openapi({ param: { name: 'method', in: 'path' } }),
});

export const OrderIdParam = z.object({
  id: z
    .string()
    .regex(/^ord_[0-9A-Za-z]+$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
