import { z } from 'zod';
import type { PaymentRetryBody } from '../../contract/orders';
import { cardSchema } from '../checkout/checkout-schema';

/**
 * The body of `POST /api/orders/:id/payment`: another card, or cash on delivery. Unknown keys
 * are refused, a card token is required for `card` and refused for `cod`, as at checkout.
 */
export const paymentRetrySchema = z
  .discriminatedUnion('paymentMethod', [
    z.strictObject({ paymentMethod: z.literal('card'), card: cardSchema }),
    z.strictObject({ paymentMethod: z.literal('cod') }),
  ])
  .meta({ id: 'PaymentRetryBody' });

// Keeps the schema honest against the contract the origin compiles against.
type Assignable<T extends PaymentRetryBody> = T;
export type ParsedPaymentRetryBody = Assignable<z.output<typeof paymentRetrySchema>>;
