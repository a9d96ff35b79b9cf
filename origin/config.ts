/**
 * The origin's configuration, parsed once from the environment at start-up (fail fast with a
 * readable message). Adapters are chosen here and nowhere else.
 */
import { z } from 'zod';

const DEV_ADMIN_TOKEN = 'dev-admin-token';
const DEV_INTERNAL_SECRET = 'dev-internal-secret';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(8788),
    DATABASE_URL: z.string().optional(),
    DATABASE_DRIVER: z.enum(['pglite', 'postgres', 'neon']).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    ADMIN_TOKEN: z.string().optional(),
    INTERNAL_SECRET: z.string().optional(),
    EDGE_URL: z.url().default('http://127.0.0.1:8787'),
    STORE_CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('USD'),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
    CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(12),
  })
  .superRefine((env, ctx) => {
    if (env.UPSTASH_REDIS_REST_URL && !env.UPSTASH_REDIS_REST_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['UPSTASH_REDIS_REST_TOKEN'],
        message: 'required with UPSTASH_REDIS_REST_URL',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['ADMIN_TOKEN', 'INTERNAL_SECRET'] as const) {
      const value = env[key];
      if (!value || value.length < 32 || value === DEV_ADMIN_TOKEN || value === DEV_INTERNAL_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'production needs a random value of at least 32 characters',
        });
      }
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'production needs a PostgreSQL/Neon URL' });
    }
  });

export interface OriginConfig {
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databaseDriver: 'pglite' | 'postgres' | 'neon' | undefined;
  databasePoolSize: number;
  adminToken: string;
  internalSecret: string;
  edgeUrl: string;
  storeCurrency: string;
  upstash: { url: string; token: string } | null;
  catalogCacheTtlSeconds: number;
  outboxPollMs: number;
  outboxMaxAttempts: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): OriginConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid origin configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    production: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    databaseDriver: e.DATABASE_DRIVER,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    adminToken: e.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    internalSecret: e.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET,
    edgeUrl: e.EDGE_URL.replace(/\/$/, ''),
    storeCurrency: e.STORE_CURRENCY,
    upstash: e.UPSTASH_REDIS_REST_URL
      ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN as string }
      : null,
    catalogCacheTtlSeconds: e.CATALOG_CACHE_TTL_SECONDS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
  };
}
