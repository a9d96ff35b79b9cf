/**
 * Who may do what on `/admin`: the permissions, the role → permissions map, and the ONE table
 * that says which permission each admin route needs. `authorize.ts` enforces it for every
 * request; a route missing from the table is refused (deny by default), and a test built from
 * the OpenAPI document fails when a new route is not declared here.
 */
import { STAFF_ROLES, type StaffRole } from '../../db/schema/members';

export { STAFF_ROLES, type StaffRole };

export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'fulfilment:write',
  'payments:read',
  'payments:write',
  'payments:refund',
  'shipping:read',
  'shipping:write',
  'queue:admin',
  'staff:admin',
  'customers:read',
  'reviews:read',
  'reviews:moderate',
  'support:read',
  'support:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * - owner: everything, including staff and API keys.
 * - catalog: products, variants, prices, categories and stock; may look at orders.
 * - fulfilment: the warehouse: ships, moves orders along and cancels them, counts stock; may
 *   read the catalog but never change it or its prices, and never touches money.
 * - support: answers customers: reads customers, orders, payments and the catalog, and may refund
 *   (the usual remedy a support desk gives); cannot ship, capture or change the catalog.
 * Customer-service conversations are support's (and owners'): the inbox, replies, tickets.
 * Reviews are moderated by the catalog team and by support; fulfilment reads them (delivery
 * ratings are about its work).
 * Shipping zones, methods and tax rates change what shoppers pay: writing them is owner-only.
 */
export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  catalog: [
    'catalog:read',
    'catalog:write',
    'inventory:read',
    'inventory:write',
    'orders:read',
    'shipping:read',
    'reviews:read',
    'reviews:moderate',
  ],
  fulfilment: [
    'catalog:read',
    'inventory:read',
    'inventory:write',
    'orders:read',
    'orders:write',
    'fulfilment:write',
    'shipping:read',
    'reviews:read',
  ],
  support: [
    'catalog:read',
    'inventory:read',
    'orders:read',
    'payments:read',
    'payments:refund',
    'shipping:read',
    'customers:read',
    'reviews:read',
    'reviews:moderate',
    'support:read',
    'support:write',
  ],
};

/** `public`: no credential (login); `authenticated`: any valid credential (me, logout). */
export type Requirement = Permission | 'public' | 'authenticated';

/** `METHOD /admin/path/{param}` exactly as in the OpenAPI document → what the route needs. */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Requirement>> = {
  'POST /admin/auth/login': 'public',
  'POST /admin/auth/logout': 'authenticated',
  'GET /admin/me': 'authenticated',
  'POST /admin/me/password': 'authenticated',

  'GET /admin/staff': 'staff:admin',
  'POST /admin/staff': 'staff:admin',
  'PATCH /admin/staff/{id}': 'staff:admin',
  'PUT /admin/staff/{id}/password': 'staff:admin',
  'GET /admin/api-keys': 'staff:admin',
  'POST /admin/api-keys': 'staff:admin',
  'DELETE /admin/api-keys/{id}': 'staff:admin',

  'GET /admin/customers': 'customers:read',
  'GET /admin/customers/{id}': 'customers:read',

  'GET /admin/products': 'catalog:read',
  'POST /admin/products': 'catalog:write',
  'GET /admin/products/{id}': 'catalog:read',
  'PATCH /admin/products/{id}': 'catalog:write',
  'POST /admin/products/{id}/archive': 'catalog:write',
  'POST /admin/products/{id}/variants': 'catalog:write',
  'GET /admin/variants/{variantId}': 'catalog:read',
  'PATCH /admin/variants/{variantId}': 'catalog:write',
  'DELETE /admin/variants/{variantId}/prices/{currency}': 'catalog:write',
  'POST /admin/variants/{variantId}/archive': 'catalog:write',
  'GET /admin/categories': 'catalog:read',
  'POST /admin/categories': 'catalog:write',
  'PATCH /admin/categories/{id}': 'catalog:write',
  'DELETE /admin/categories/{id}': 'catalog:write',

  'GET /admin/shipping-zones': 'shipping:read',
  'POST /admin/shipping-zones': 'shipping:write',
  'PATCH /admin/shipping-zones/{id}': 'shipping:write',
  'DELETE /admin/shipping-zones/{id}': 'shipping:write',
  'POST /admin/shipping-methods': 'shipping:write',
  'PATCH /admin/shipping-methods/{id}': 'shipping:write',
  'DELETE /admin/shipping-methods/{id}': 'shipping:write',
  'GET /admin/tax-rates': 'shipping:read',
  'PUT /admin/tax-rates/{country}': 'shipping:write',
  'DELETE /admin/tax-rates/{country}': 'shipping:write',

  'GET /admin/inventory/{variantId}': 'inventory:read',
  'PUT /admin/inventory/{variantId}': 'inventory:write',

  'GET /admin/orders': 'orders:read',
  'GET /admin/orders/{id}': 'orders:read',
  'POST /admin/orders/{id}/cancel': 'orders:write',
  'POST /admin/orders/{id}/transition': 'orders:write',

  'POST /admin/orders/{id}/shipments': 'fulfilment:write',
  'GET /admin/orders/{id}/shipments': 'orders:read',
  'GET /admin/shipments/{id}': 'orders:read',
  'POST /admin/shipments/{id}/mark-shipped': 'fulfilment:write',
  'POST /admin/shipments/{id}/mark-delivered': 'fulfilment:write',
  'POST /admin/shipments/{id}/cancel': 'fulfilment:write',

  'GET /admin/orders/{id}/payments': 'payments:read',
  'POST /admin/orders/{id}/refunds': 'payments:refund',
  'POST /admin/orders/{id}/capture': 'payments:write',
  'GET /admin/payment-methods': 'payments:read',
  'PUT /admin/payment-methods/{method}': 'payments:write',
  'DELETE /admin/payment-methods/{method}': 'payments:write',

  'GET /admin/reviews': 'reviews:read',
  'GET /admin/reviews/{id}': 'reviews:read',
  'POST /admin/reviews/{id}/publish': 'reviews:moderate',
  'POST /admin/reviews/{id}/reject': 'reviews:moderate',
  'PUT /admin/reviews/{id}/reply': 'reviews:moderate',
  'DELETE /admin/reviews/{id}/reply': 'reviews:moderate',
  'GET /admin/delivery-ratings': 'reviews:read',

  'GET /admin/conversations': 'support:read',
  'GET /admin/conversations/{id}': 'support:read',
  'POST /admin/conversations/{id}/assign': 'support:write',
  'POST /admin/conversations/{id}/messages': 'support:write',
  'POST /admin/conversations/{id}/close': 'support:write',
  'POST /admin/conversations/{id}/reopen': 'support:write',
  'POST /admin/conversations/{id}/ticket': 'support:write',

  'GET /admin/queue/dead-letters': 'queue:admin',
  'POST /admin/queue/dead-letters/{id}/replay': 'queue:admin',
};

export function permissionsOf(role: StaffRole): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether `held` satisfies `required` (public and authenticated need nothing beyond a credential). */
export function allows(held: readonly Permission[], required: Requirement): boolean {
  return required === 'public' || required === 'authenticated' || held.includes(required);
}

/** The table key of a route as Hono registered it (`/admin/orders/:id` → `/admin/orders/{id}`). */
export function routeKey(method: string, honoPath: string): string {
  return `${method.toUpperCase()} ${honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')}`;
}
