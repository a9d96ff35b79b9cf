/**
 * Which subsystems (contexts) this instance serves: `ORIGIN_SERVICES`, a comma-separated list,
 * default every one. An instance serves only its contexts' routes and consumers; it reaches the
 * others through `SERVICES_URL` (the load balancer, which routes each path to the pool serving
 * it), by signed HTTP (platform/rpc.ts) and by signed queue pushes.
 *
 * Some contexts change state together in one transaction and cannot be split across instances:
 * placing an order reserves stock, writes the order and its payment; shipping commits stock and
 * moves the order; a refund or cancel moves the order and releases stock. They form one
 * deployment unit: serving one of them means serving all.
 */
export const CONTEXTS = [
  'catalog',
  'checkout',
  'customers',
  'inventory',
  'logistics',
  'members',
  'orders',
  'payment',
  'rating',
  'support',
] as const;
export type ContextName = (typeof CONTEXTS)[number];

/** Contexts sharing transactions: deployed together or not at all. */
export const TRANSACTIONAL_UNIT: readonly ContextName[] = ['checkout', 'orders', 'inventory', 'payment', 'logistics'];

export interface ServicesConfig {
  /** The contexts this instance serves. */
  local: ContextName[];
  /** Where the others are reached (no trailing slash); this instance itself when it serves all. */
  url: string;
}

/** `ORIGIN_SERVICES` and `SERVICES_URL` as configuration, or the reasons they are refused. */
export function parseServices(
  raw: string | undefined,
  servicesUrl: string | undefined,
  ownUrl: string,
): { ok: true; value: ServicesConfig } | { ok: false; errors: { path: string; message: string }[] } {
  const names = raw?.trim() ? raw.split(',').map((s) => s.trim()) : ['all'];
  const local = names.includes('all') ? [...CONTEXTS] : names;
  const errors: { path: string; message: string }[] = [];
  const unknown = local.filter((n) => !(CONTEXTS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    errors.push({
      path: 'ORIGIN_SERVICES',
      message: `unknown service ${unknown.join(', ')} (known: all, ${CONTEXTS.join(', ')})`,
    });
  }
  const unit = TRANSACTIONAL_UNIT.filter((n) => local.includes(n));
  if (unit.length > 0 && unit.length < TRANSACTIONAL_UNIT.length) {
    errors.push({
      path: 'ORIGIN_SERVICES',
      message: `${TRANSACTIONAL_UNIT.join(', ')} share transactions and are served together (missing: ${TRANSACTIONAL_UNIT.filter((n) => !local.includes(n)).join(', ')})`,
    });
  }
  const partial = local.length < CONTEXTS.length;
  if (partial && !servicesUrl) {
    errors.push({ path: 'SERVICES_URL', message: 'required when ORIGIN_SERVICES names only some services' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { local: local as ContextName[], url: (servicesUrl ?? ownUrl).replace(/\/+$/, '') } };
}
