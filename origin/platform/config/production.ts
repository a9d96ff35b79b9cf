/**
 * What production refuses (config.ts applies it when NODE_ENV is production or unset, see
 * runtime-mode.ts): missing, short or well-known secrets, weak password hashing, an embedded
 * database. Every issue is reported at once, so one start-up names every setting to fix.
 */
import { DEV_AUTH_TOKEN_KEYS } from '../../../contract/access-token';

export const DEV_ADMIN_TOKEN = 'dev-admin-token';
export const DEV_INTERNAL_SECRET = 'dev-internal-secret';
export const DEV_ORDER_TOKEN_SECRET = 'dev-order-token-secret';
const DEV_SECRETS = [DEV_ADMIN_TOKEN, DEV_INTERNAL_SECRET, DEV_ORDER_TOKEN_SECRET];
/** The sandbox services' defaults (sandbox/): fine locally, refused in production. */
export const DEV_SANDBOX_CARD_KEY = 'sk_test_sandbox';
export const DEV_SANDBOX_CARD_WEBHOOK_SECRET = 'whsec_sandbox_card';
export const DEV_SANDBOX_CARRIER_KEY = 'ck_test_sandbox';
export const DEV_SANDBOX_CARRIER_WEBHOOK_SECRET = 'whsec_sandbox_carrier';

/** The settings production checks, as the schema has parsed them. */
export interface ProductionSettings {
  ADMIN_TOKEN?: string;
  INTERNAL_SECRET?: string;
  ORDER_TOKEN_SECRET?: string;
  AUTH_TOKEN_KEYS?: string;
  STAFF_PASSWORD_ITERATIONS: number;
  CUSTOMER_PASSWORD_ITERATIONS: number;
  SANDBOX_CARD_WEBHOOK_SECRET: string;
  SANDBOX_CARRIER_WEBHOOK_SECRET: string;
  DATABASE_URL?: string;
}

export function productionIssues(env: ProductionSettings): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const refuse = (key: string, message: string) => issues.push({ path: [key], message });
  // Unset (or empty) ADMIN_TOKEN in production means no root token at all: staff log in instead.
  if (env.ADMIN_TOKEN && (env.ADMIN_TOKEN.length < 32 || DEV_SECRETS.includes(env.ADMIN_TOKEN))) {
    refuse(
      'ADMIN_TOKEN',
      'production needs a random value of at least 32 characters, or leave it unset to disable the root token',
    );
  }
  for (const key of ['STAFF_PASSWORD_ITERATIONS', 'CUSTOMER_PASSWORD_ITERATIONS'] as const) {
    if (env[key] < 600_000) refuse(key, 'production needs at least 600000');
  }
  if (!env.AUTH_TOKEN_KEYS || env.AUTH_TOKEN_KEYS.includes(DEV_AUTH_TOKEN_KEYS.split(':')[1] as string)) {
    refuse(
      'AUTH_TOKEN_KEYS',
      'production needs its own key ring (kid:secret, secrets of at least 32 random characters)',
    );
  }
  for (const key of ['INTERNAL_SECRET', 'ORDER_TOKEN_SECRET'] as const) {
    const value = env[key];
    if (!value || value.length < 32 || DEV_SECRETS.includes(value)) {
      refuse(key, 'production needs a random value of at least 32 characters');
    }
  }
  for (const key of ['SANDBOX_CARD_WEBHOOK_SECRET', 'SANDBOX_CARRIER_WEBHOOK_SECRET'] as const) {
    if ([DEV_SANDBOX_CARD_WEBHOOK_SECRET, DEV_SANDBOX_CARRIER_WEBHOOK_SECRET].includes(env[key])) {
      refuse(key, 'production refuses the development webhook secret');
    }
  }
  if (!env.DATABASE_URL) refuse('DATABASE_URL', 'production needs a PostgreSQL/Neon URL');
  return issues;
}
