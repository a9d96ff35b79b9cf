/** Merchant routes for shipments: create (partial or whole), list, mark by hand, cancel. */
import { createRoute } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonResponse, router } from '../platform/openapi';
import { err, ok } from '../platform/result';
import { ErrorSchema } from '../platform/schemas';
import { createShipment } from './create-shipment';
import {
  CreateShipmentSchema,
  OrderIdParam,
  OrderShipmentsSchema,
  ShipmentIdParam,
  ShipmentSchema,
} from './logistics.schemas';
import { orderShipments } from './order-shipments';
import { cancelShipment, markShipment } from './shipment-actions';
import { toShipmentView } from './shipment-view';
import { shipmentRecord } from './shipments';

const tags = ['Shipments'];
const security = [{ adminToken: [] }];
const shipment = (description: string) => jsonResponse(ShipmentSchema, description);
const errors = {
  ...adminErrors,
  422: jsonResponse(ErrorSchema, 'More units than are left to ship'),
  502: jsonResponse(ErrorSchema, 'The carrier could not be reached; nothing changed'),
} as const;

const action = <const P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags,
    security,
    summary,
    request: { params: ShipmentIdParam },
    responses: { 200: shipment('The shipment'), ...errors },
  });

export function shipmentAdminRoutes(ctx: OriginContext) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/orders/{id}/shipments',
        tags,
        security,
        summary:
          'Ship some or all of an order’s unshipped units (the label is bought at once, or retried by the queue)',
        request: {
          params: OrderIdParam,
          body: { content: { 'application/json': { schema: CreateShipmentSchema } }, required: false },
        },
        responses: { 201: shipment('The new shipment (`pending` while the carrier is unreachable)'), ...errors },
      }),
      async (c) => {
        const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
        const created = unwrap(await createShipment(ctx, c.req.valid('param').id, body));
        return c.json(toShipmentView(created), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/orders/{id}/shipments',
        tags,
        security,
        summary: 'An order’s shipments with their lines and tracking events, and what is left to ship',
        request: { params: OrderIdParam },
        responses: { 200: jsonResponse(OrderShipmentsSchema, 'Shipments of the order'), ...errors },
      }),
      async (c) => c.json(unwrap(await orderShipments(ctx.db, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/shipments/{id}',
        tags,
        security,
        summary: 'A shipment with its lines and tracking events',
        request: { params: ShipmentIdParam },
        responses: { 200: shipment('The shipment'), ...errors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const record = await shipmentRecord(ctx.db, id);
        return c.json(
          toShipmentView(unwrap(record ? ok(record) : err('shipment_not_found', `No shipment ${id}`))),
          200,
        );
      },
    )
    .openapi(action('/shipments/{id}/mark-shipped', 'Record by hand that the parcel left (idempotent)'), async (c) =>
      c.json(toShipmentView(unwrap(await markShipment(ctx, c.req.valid('param').id, 'shipped'))), 200),
    )
    .openapi(
      action('/shipments/{id}/mark-delivered', 'Record by hand that the parcel arrived (idempotent)'),
      async (c) => c.json(toShipmentView(unwrap(await markShipment(ctx, c.req.valid('param').id, 'delivered'))), 200),
    )
    .openapi(action('/shipments/{id}/cancel', 'Cancel a shipment before pick-up, voiding its label'), async (c) =>
      c.json(toShipmentView(unwrap(await cancelShipment(ctx, c.req.valid('param').id))), 200),
    );
}
