import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { OriginContext } from '../platform/context';
import { unwrap } from '../platform/errors';
import { adminErrors, jsonBody, jsonResponse, router } from '../platform/openapi';
import {
  createMethod,
  createZone,
  deleteMethod,
  deleteTaxRate,
  deleteZone,
  listShipping,
  listTaxRates,
  putTaxRate,
  updateMethod,
  updateZone,
} from './shipping-admin';

const tags = ['Shipping and tax'];
const security = [{ adminToken: [] }];
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code');
const idParam = (prefix: string) =>
  z.object({
    id: z
      .string()
      .regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`))
      .openapi({ param: { name: 'id', in: 'path' } }),
  });
const ZoneInput = z
  .object({ name: z.string().min(1).max(120), countries: z.array(country).min(1).max(250) })
  .strict()
  .openapi('ShippingZoneInput');
const amount = z.number().int().min(0).max(1_000_000_000);
const MethodInput = z
  .object({
    zoneId: z.string().regex(/^shz_[0-9A-Za-z]+$/),
    name: z.string().min(1).max(120),
    currency: z.string().regex(/^[A-Z]{3}$/),
    amount,
    freeOver: amount.nullable().optional(),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi('ShippingMethodInput');
const TaxInput = z
  .object({ rateBp: z.number().int().min(0).max(10_000), appliesToShipping: z.boolean().optional() })
  .strict()
  .openapi('TaxRateInput');
const NoQuery = z.object({}).strict();
const any = (d: string) => ({ 200: jsonResponse(z.any(), d), ...adminErrors });

export function shippingAdminRoutes(ctx: OriginContext) {
  const route = <
    const M extends 'get' | 'post' | 'patch' | 'put' | 'delete',
    const P extends string,
    const Req extends NonNullable<RouteConfig['request']>,
  >(
    method: M,
    path: P,
    summary: string,
    request?: Req,
  ) => createRoute({ method, path, tags, security, summary, request: request ?? ({} as Req), responses: any(summary) });
  return router()
    .openapi(route('get', '/shipping-zones', 'Zones with their shipping methods', { query: NoQuery }), async (c) =>
      c.json({ items: await listShipping(ctx) }, 200),
    )
    .openapi(route('post', '/shipping-zones', 'Create a zone (a set of countries)', jsonBody(ZoneInput)), async (c) =>
      c.json(await createZone(ctx, c.req.valid('json')), 200),
    )
    .openapi(
      route('patch', '/shipping-zones/{id}', 'Rename a zone or change its countries', {
        params: idParam('shz'),
        ...jsonBody(ZoneInput.partial()),
      }),
      async (c) => c.json(unwrap(await updateZone(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      route('delete', '/shipping-zones/{id}', 'Delete a zone and its methods', { params: idParam('shz') }),
      async (c) => c.json(unwrap(await deleteZone(ctx, c.req.valid('param').id)), 200),
    )
    .openapi(
      route(
        'post',
        '/shipping-methods',
        'Add a flat-rate method, optionally free over a subtotal',
        jsonBody(MethodInput),
      ),
      async (c) => c.json(unwrap(await createMethod(ctx, c.req.valid('json'))), 200),
    )
    .openapi(
      route('patch', '/shipping-methods/{id}', 'Change a method', {
        params: idParam('shm'),
        ...jsonBody(MethodInput.omit({ zoneId: true }).partial()),
      }),
      async (c) => c.json(unwrap(await updateMethod(ctx, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(route('delete', '/shipping-methods/{id}', 'Delete a method', { params: idParam('shm') }), async (c) =>
      c.json(unwrap(await deleteMethod(ctx, c.req.valid('param').id)), 200),
    )
    .openapi(route('get', '/tax-rates', 'Tax rates by destination country', { query: NoQuery }), async (c) =>
      c.json({ items: await listTaxRates(ctx) }, 200),
    )
    .openapi(
      route('put', '/tax-rates/{country}', 'Set the tax rate of a country (basis points)', {
        params: z.object({ country: country.openapi({ param: { name: 'country', in: 'path' } }) }),
        ...jsonBody(TaxInput),
      }),
      async (c) => c.json(await putTaxRate(ctx, c.req.valid('param').country, c.req.valid('json')), 200),
    )
    .openapi(
      route('delete', '/tax-rates/{country}', 'Remove the tax rate of a country', {
        params: z.object({ country: country.openapi({ param: { name: 'country', in: 'path' } }) }),
      }),
      async (c) => c.json(unwrap(await deleteTaxRate(ctx, c.req.valid('param').country)), 200),
    );
}
