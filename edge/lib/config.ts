/**
 * Typed view of the Worker's string vars, parsed once per `env` object. A bad value fails
 * loudly on the first request instead of turning into NaN arithmetic deep inside a cart.
 */
export interface EdgeConfig {
  originUrl: string;
  internalSecret: string;
  storeCurrency: string;
  cartTtlSeconds: number;
  cartMaxLineQuantity: number;
  catalogL1TtlMs: number;
  /** A checkout lock younger than this refuses other Idempotency-Keys; older ones may be taken over. */
  checkoutLockTtlMs: number;
}

const parsed = new WeakMap<Env, EdgeConfig>();

function positiveInt(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!raw || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`Invalid Worker var ${name}=${JSON.stringify(raw)}: expected a positive integer`);
  }
  return value;
}

function required(name: string, raw: string | undefined): string {
  if (!raw) throw new Error(`Missing Worker var or secret ${name}`);
  return raw;
}

/** Reads and validates the edge configuration from the Worker (or Durable Object) env. */
export function readConfig(env: Env): EdgeConfig {
  let config = parsed.get(env);
  if (config) return config;
  const currency = required('STORE_CURRENCY', env.STORE_CURRENCY);
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`Invalid STORE_CURRENCY=${currency}: expected ISO 4217`);
  config = {
    originUrl: required('ORIGIN_URL', env.ORIGIN_URL).replace(/\/+$/, ''),
    internalSecret: required('INTERNAL_SECRET', env.INTERNAL_SECRET),
    storeCurrency: currency,
    cartTtlSeconds: positiveInt('CART_TTL_SECONDS', env.CART_TTL_SECONDS),
    cartMaxLineQuantity: positiveInt('CART_MAX_LINE_QUANTITY', env.CART_MAX_LINE_QUANTITY),
    catalogL1TtlMs: positiveInt('CATALOG_L1_TTL_SECONDS', env.CATALOG_L1_TTL_SECONDS) * 1000,
    checkoutLockTtlMs: positiveInt('CHECKOUT_LOCK_TTL_SECONDS', env.CHECKOUT_LOCK_TTL_SECONDS) * 1000,
  };
  parsed.set(env, config);
  return config;
}
