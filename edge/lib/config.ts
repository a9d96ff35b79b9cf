import { type KeyRing, parseKeyRing } from '../../contract/access-token';
import type { BucketRule } from './bucket-rule';

/** Limit classes of the gateway; `null` means the class is switched off ("0"). */
export interface RateLimits {
  /** Every `/api/*` request, per client IP; leased into isolates in batches. */
  api: BucketRule | null;
  /** `POST /api/carts/:id/checkout` and the storefront's `POST /checkout`, per IP, per cart and per account; exact. */
  checkout: BucketRule | null;
  /** `/api/auth/*` (login, registration), per IP and per account identifier; exact. */
  auth: BucketRule | null;
  /** `POST /api/conversations` (opening a support conversation), per IP and per account; exact. */
  conversations: BucketRule | null;
}

/**
 * `ENVIRONMENT`: `development` (set by `npm start`, the tests and the bench) allows a plain
 * http origin; `production`, which is also what an unset var means, demands https.
 */
export type EdgeEnvironment = 'production' | 'development';

/**
 * Typed view of the Worker's string vars, parsed once per `env` object. A bad value fails
 * loudly on the first request instead of turning into NaN arithmetic deep inside a cart.
 */
export interface EdgeConfig {
  environment: EdgeEnvironment;
  /** Where the signed internal calls go: https outside development. */
  originUrl: string;
  internalSecret: string;
  storeCurrency: string;
  cartTtlSeconds: number;
  cartMaxLineQuantity: number;
  catalogL1TtlMs: number;
  /** A checkout lock younger than this refuses other Idempotency-Keys; older ones may be taken over. */
  checkoutLockTtlMs: number;
  rateLimits: RateLimits;
  /** Exact origins (`https://shop.example`) allowed to call `/api/*` from a browser; empty: same-origin only. */
  corsAllowedOrigins: readonly string[];
  /** Verifies shoppers' access tokens (`AUTH_TOKEN_KEYS`, the same ring as the origin's). */
  authKeys: KeyRing;
  /**
   * How often a conversation with signed-in shoppers' or agents' sockets asks the origin whether
   * their credentials still hold (one call per conversation), so a socket ends at most this long
   * after its session, account or role does.
   */
  chatCredentialCheckMs: number;
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

/**
 * `"<requests>"` per minute or `"<requests>/<seconds>"` per that many seconds; `"0"` switches
 * the class off (e.g. for a local load test).
 */
export function parseRateLimit(name: string, raw: string | undefined): BucketRule | null {
  const match = /^\s*(\d{1,9})\s*(?:\/\s*(\d{1,7})\s*)?$/.exec(raw ?? '');
  const limit = Number(match?.[1]);
  const seconds = Number(match?.[2] ?? 60);
  if (!match || (limit > 0 && seconds < 1)) {
    throw new Error(
      `Invalid Worker var ${name}=${JSON.stringify(raw)}: expected "<requests>" or "<requests>/<seconds>"`,
    );
  }
  return limit === 0 ? null : { limit, windowMs: seconds * 1000 };
}

/** `ENVIRONMENT`, unset meaning production: a deployment that forgot it gets the strict rules. */
export function parseEnvironment(raw: string | undefined): EdgeEnvironment {
  if (raw === undefined || raw === '' || raw === 'production') return 'production';
  if (raw === 'development') return 'development';
  throw new Error(`Invalid Worker var ENVIRONMENT=${JSON.stringify(raw)}: expected "production" or "development"`);
}

/**
 * `ORIGIN_URL` without trailing slashes. Every call to it carries a signature and often a
 * shopper's credentials (order tokens, session tokens), so it must be https; plain http (a
 * local origin on 127.0.0.1) only in development.
 */
export function parseOriginUrl(raw: string | undefined, environment: EdgeEnvironment): string {
  const value = required('ORIGIN_URL', raw).replace(/\/+$/, '');
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new Error(`Invalid Worker var ORIGIN_URL=${JSON.stringify(raw)}: expected an absolute URL`);
  }
  if (protocol === 'https:' || (protocol === 'http:' && environment === 'development')) return value;
  throw new Error(
    `Refusing ORIGIN_URL=${JSON.stringify(raw)} with ENVIRONMENT=${environment}: the origin must be reached over ` +
      'https:// outside development (set ENVIRONMENT = "development" only for a local origin)',
  );
}

/** Comma-separated origins, each exactly `scheme://host[:port]`; `*` is refused because credentials are allowed. */
export function parseAllowedOrigins(raw: string | undefined): string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? '').split(',')) {
    const value = entry.trim().replace(/\/+$/, '');
    if (!value) continue;
    let origin: string | null = null;
    try {
      origin = new URL(value).origin;
    } catch {}
    if (!origin || origin === 'null' || origin !== value.toLowerCase() || value.includes('*')) {
      throw new Error(`Invalid CORS_ALLOWED_ORIGINS entry ${JSON.stringify(entry)}: expected scheme://host[:port]`);
    }
    origins.push(origin);
  }
  return origins;
}

/** Reads and validates the edge configuration from the Worker (or Durable Object) env. */
export function readConfig(env: Env): EdgeConfig {
  let config = parsed.get(env);
  if (config) return config;
  const currency = required('STORE_CURRENCY', env.STORE_CURRENCY);
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`Invalid STORE_CURRENCY=${currency}: expected ISO 4217`);
  const environment = parseEnvironment(env.ENVIRONMENT);
  config = {
    environment,
    originUrl: parseOriginUrl(env.ORIGIN_URL, environment),
    internalSecret: required('INTERNAL_SECRET', env.INTERNAL_SECRET),
    storeCurrency: currency,
    cartTtlSeconds: positiveInt('CART_TTL_SECONDS', env.CART_TTL_SECONDS),
    cartMaxLineQuantity: positiveInt('CART_MAX_LINE_QUANTITY', env.CART_MAX_LINE_QUANTITY),
    catalogL1TtlMs: positiveInt('CATALOG_L1_TTL_SECONDS', env.CATALOG_L1_TTL_SECONDS) * 1000,
    checkoutLockTtlMs: positiveInt('CHECKOUT_LOCK_TTL_SECONDS', env.CHECKOUT_LOCK_TTL_SECONDS) * 1000,
    rateLimits: {
      api: parseRateLimit('RATE_LIMIT_API', env.RATE_LIMIT_API),
      checkout: parseRateLimit('RATE_LIMIT_CHECKOUT', env.RATE_LIMIT_CHECKOUT),
      auth: parseRateLimit('RATE_LIMIT_AUTH', env.RATE_LIMIT_AUTH),
      conversations: parseRateLimit('RATE_LIMIT_CONVERSATIONS', env.RATE_LIMIT_CONVERSATIONS),
    },
    corsAllowedOrigins: parseAllowedOrigins(env.CORS_ALLOWED_ORIGINS),
    authKeys: parseKeyRing(required('AUTH_TOKEN_KEYS', env.AUTH_TOKEN_KEYS)),
    chatCredentialCheckMs: positiveInt('CHAT_CREDENTIAL_CHECK_SECONDS', env.CHAT_CREDENTIAL_CHECK_SECONDS) * 1000,
  };
  parsed.set(env, config);
  return config;
}
