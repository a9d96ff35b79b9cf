/**
 * The typed client of the merchant admin API: Hono's `hc` over the type of the very routers
 * `createApp` mounts under `/admin` (each a chain of `@hono/zod-openapi` routes, so its type
 * carries every path, method, input and documented answer). A renamed path or field, a
 * changed body or answer fails `tsc` wherever the client is used (the e2e and services tests),
 * before anything runs; admin-client.test.ts checks that this list is every router the app
 * mounts. No generated file: the types come from the route definitions themselves.
 */
import type { Hono } from 'hono';
import { type ClientRequestOptions, hc } from 'hono/client';
import type { MergeSchemaPath } from 'hono/types';
import { categoryAdminRoutes, productAdminRoutes, variantAdminRoutes } from './catalog';
import { shippingAdminRoutes } from './checkout';
import { customerAdminRoutes } from './customers';
import { inventoryAdminRoutes } from './inventory';
import { shipmentAdminRoutes } from './logistics';
import { authAdminRoutes, staffAdminRoutes } from './members';
import { orderAdminRoutes } from './orders';
import { paymentAdminRoutes } from './payment';
import { queueAdminRoutes } from './platform/queue/queue.admin.routes';
import { reviewAdminRoutes } from './rating';
import { supportAdminRoutes } from './support';
import { orderActionAdminRoutes } from './workflows/order-actions.admin.routes';

/** Every router of the admin API, each mounted at `ADMIN_BASE` by `createApp`. */
export const adminRouters = {
  authAdminRoutes,
  staffAdminRoutes,
  productAdminRoutes,
  variantAdminRoutes,
  categoryAdminRoutes,
  inventoryAdminRoutes,
  orderAdminRoutes,
  orderActionAdminRoutes,
  shippingAdminRoutes,
  paymentAdminRoutes,
  shipmentAdminRoutes,
  queueAdminRoutes,
  customerAdminRoutes,
  reviewAdminRoutes,
  supportAdminRoutes,
};

export const ADMIN_BASE = '/admin';

type Routers = typeof adminRouters;
// biome-ignore lint/suspicious/noExplicitAny: any router's environment and base path
type Mounted<F> = F extends (...args: never[]) => Hono<any, infer S, any>
  ? MergeSchemaPath<S, typeof ADMIN_BASE>
  : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The admin API as one Hono app type: what `hc` reads. */
export type AdminApi = Hono<object, Intersection<{ [K in keyof Routers]: Mounted<Routers[K]> }[keyof Routers]>>;

/**
 * The admin API at `baseUrl` (the origin), sending `token` as the bearer credential on every
 * call: `admin.admin.products.$post({ json })`, `admin.admin.orders[':id'].$get({ param })`.
 */
export function adminClient(baseUrl: string, token: string | (() => string), options: ClientRequestOptions = {}) {
  return hc<AdminApi>(baseUrl, {
    ...options,
    headers: async () => ({
      ...(typeof options.headers === 'function' ? await options.headers() : options.headers),
      authorization: `Bearer ${typeof token === 'function' ? token() : token}`,
    }),
  });
}

export type AdminClient = ReturnType<typeof adminClient>;
