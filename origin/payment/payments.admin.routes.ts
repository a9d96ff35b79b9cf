/**
 * Merchant routes of the payment context: an order's payments and refunds, refunds (full or
 * partial, with a required Idempotency-Key), manual capture, and the payment-method rules.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { HttpError, unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import { ok } from '../platform/result';
import { methodRules, resetRule, rulesWithSources, saveRule } from './method-rules.store';
import { MethodParam, MethodRuleBody, OrderIdParam, PaymentSchema, RefundBody, RefundSchema } from './payment.schemas';
import { adminPayment, adminRefund, paymentsOfOrder, refundsOfOrder } from './payments';
import { capturePayment } from './provider-calls';
import { requestRefund } from './refunds';

const tags = ['Payments'];
const security = [{ adminToken: [] }];
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
const NoQuery = z.object({}).strict();

export function paymentAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders/{id}/payments',
        tags,
        security,
        summary: 'The payments of an order and their refunds',
        request: { params: OrderIdParam, query: NoQuery },
        responses: {
          200: jsonResponse(z.object({ items: z.array(PaymentSchema), refunds: z.array(RefundSchema) }), 'Payments'),
          ...adminErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const items = await paymentsOfOrder(ctx.db, id);
        const currency = items[0]?.currency ?? ctx.config.storeCurrency;
        const refunds = await refundsOfOrder(ctx.db, id);
        return c.json({ items: items.map(adminPayment), refunds: refunds.map((r) => adminRefund(r, currency)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/refunds',
        tags,
        security,
        summary: 'Refund an order in full or in part (Idempotency-Key required; never more than captured)',
        request: {
          params: OrderIdParam,
          headers: z.object({ 'idempotency-key': z.string().regex(IDEMPOTENCY_KEY) }),
          ...jsonBody(RefundBody),
        },
        responses: {
          201: jsonResponse(RefundSchema, 'The refund, pending until the provider confirms it'),
          200: jsonResponse(RefundSchema, 'The refund made earlier with this Idempotency-Key'),
          ...adminErrors,
          422: jsonResponse(z.any(), 'More than is left to refund, or the key was used for another amount'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const made = unwrap(
          await requestRefund(ctx, id, {
            amount: body.amount ?? null,
            reason: body.reason,
            idempotencyKey: c.req.valid('header')['idempotency-key'],
          }),
        );
        return c.json(adminRefund(made.refund, made.currency), made.created ? 201 : 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/capture',
        tags,
        security,
        summary: 'Capture the order’s authorised card payment (idempotent)',
        request: { params: OrderIdParam },
        responses: { 200: jsonResponse(PaymentSchema, 'The payment'), ...adminErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const payment = unwrap(await ctx.transaction((tx) => capturePayment(ctx, tx, id)));
        return c.json(adminPayment(payment), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/payment-methods',
        tags,
        security,
        summary: 'The payment-method rules in effect, and whether each comes from configuration or the merchant',
        request: { query: NoQuery },
        responses: { 200: jsonResponse(z.any(), '{ items }'), ...adminErrors },
      }),
      async (c) => {
        return c.json({ items: await rulesWithSources(ctx) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/payment-methods/{method}',
        tags,
        security,
        summary: 'Override a payment method’s rule (countries, currencies, amount range, on/off)',
        request: { params: MethodParam, ...jsonBody(MethodRuleBody) },
        responses: { 200: jsonResponse(z.any(), 'The rule'), ...adminErrors },
      }),
      async (c) => {
        const { method } = c.req.valid('param');
        const rule = { method, ...c.req.valid('json') };
        await saveRule(ctx, rule);
        return c.json({ ...rule, source: 'merchant' }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/payment-methods/{method}',
        tags,
        security,
        summary: 'Drop the merchant’s override: the configuration decides again',
        request: { params: MethodParam },
        responses: { 200: jsonResponse(z.any(), 'The rule now in effect'), ...adminErrors },
      }),
      async (c) => {
        const { method } = c.req.valid('param');
        await resetRule(ctx, method);
        const rule = (await methodRules(ctx)).find((r) => r.method === method);
        if (!rule) throw new HttpError('not_found', `No method ${method}`);
        return c.json(unwrap(ok({ ...rule, source: 'configuration' })), 200);
      },
    );
}
