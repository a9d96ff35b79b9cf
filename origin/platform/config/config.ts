/**
 * The origin's configuration, parsed once from the environment at start-up (fail fast with a
 * readable message). Adapters are chosen here and nowhere else.
 */
import { z } from 'zod';
import { DEV_AUTH_TOKEN_KEYS, type KeyRing, parseKeyRing } from '../../../contract/access-token';
import { type AttemptLimitRule, parseAttemptLimit } from '../attempt-limit';
import { type BulkheadLimits, bulkheadLimits } from '../bulkhead';
import type { QueueConfig } from '../queue/create-queue';
import type { WorkGateOptions } from '../work-gate';
import {
  DEV_ADMIN_TOKEN,
  DEV_INTERNAL_SECRET,
  DEV_ORDER_TOKEN_SECRET,
  DEV_SANDBOX_CARD_KEY,
  DEV_SANDBOX_CARD_WEBHOOK_SECRET,
  DEV_SANDBOX_CARRIER_KEY,
  DEV_SANDBOX_CARRIER_WEBHOOK_SECRET,
  productionIssues,
} from './production';
import { developmentHostRefusal, type RuntimeMode, runtimeMode, UNSET_NODE_ENV_HINT } from './runtime-mode';
import { parseServices, type ServicesConfig } from './services';

const schema = z
  .object({
    /** Unset means production: development defaults are asked for by name (runtime-mode.ts). */
    NODE_ENV: z.enum(['development', 'production', 'test', '']).optional(),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(1).max(65535).default(8788),
    DATABASE_URL: z.string().optional(),
    DATABASE_DRIVER: z.enum(['pglite', 'postgres', 'neon']).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_REPLICA_URL: z.string().optional(),
    ORIGIN_SERVICES: z.string().optional(),
    SERVICES_URL: z.url().optional(),
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
    ORDER_TOKEN_SECRET: z.string().optional(),
    ORDER_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(90 * 24 * 3600),
    RESERVATION_TTL_SECONDS: z.coerce.number().int().min(1).default(900),
    ORIGIN_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(4).max(100_000).default(256),
    ORIGIN_AUXILIARY_SHARE: z.coerce.number().min(0.05).max(1).default(0.25),
    ORIGIN_BACKGROUND_SHARE: z.coerce.number().min(0.05).max(1).default(0.25),
    DRAIN_DELAY_SECONDS: z.coerce.number().min(0).max(300).default(0),
    DRAIN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'redis://[user:password@]host:port[/db] or rediss://…')
      .optional(),
    HOUSEKEEPING_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
    LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).default(25),
    QUEUE_DRIVER: z.enum(['local', 'qstash']).default('local'),
    QSTASH_URL: z.url().default('https://qstash.upstash.io'),
    QSTASH_TOKEN: z.string().min(1).optional(),
    QSTASH_CURRENT_SIGNING_KEY: z.string().min(1).optional(),
    QSTASH_NEXT_SIGNING_KEY: z.string().min(1).optional(),
    QSTASH_RETRIES: z.coerce.number().int().min(0).max(20).optional(),
    QSTASH_SCHEDULE_AHEAD_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3600_000),
    PUBLIC_ORIGIN_URL: z.url().optional(),
    CARD_PROVIDER: z.enum(['sandbox-card']).default('sandbox-card'),
    CARD_CAPTURE: z.enum(['automatic', 'manual']).default('automatic'),
    SANDBOX_CARD_URL: z.url().default('http://127.0.0.1:8790'),
    SANDBOX_CARD_SECRET_KEY: z.string().min(1).default(DEV_SANDBOX_CARD_KEY),
    SANDBOX_CARD_WEBHOOK_SECRET: z.string().min(1).default(DEV_SANDBOX_CARD_WEBHOOK_SECRET),
    COD_MAX_AMOUNT: z.coerce.number().int().min(0).default(50_000),
    COD_COUNTRIES: z
      .string()
      .regex(/^([A-Z]{2}(,[A-Z]{2})*)?$/, 'comma-separated ISO country codes, e.g. US,DE')
      .default(''),
    CARRIER: z.enum(['sandbox-carrier']).default('sandbox-carrier'),
    SANDBOX_CARRIER_URL: z.url().default('http://127.0.0.1:8791'),
    SANDBOX_CARRIER_API_KEY: z.string().min(1).default(DEV_SANDBOX_CARRIER_KEY),
    SANDBOX_CARRIER_WEBHOOK_SECRET: z.string().min(1).default(DEV_SANDBOX_CARRIER_WEBHOOK_SECRET),
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    STAFF_PASSWORD_ITERATIONS: z.coerce.number().int().min(1000).max(5_000_000).default(600_000),
    STAFF_SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(8 * 3600),
    /** Staff login attempts per client address (`<n>/<seconds>`, `<n>` per minute, `0` off). */
    STAFF_LOGIN_ADDRESS_LIMIT: z.string().default('20/60'),
    /** The header a proxy in front of the origin sets to the client's address; unset: the socket's peer. */
    CLIENT_ADDRESS_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name')
      .optional(),
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(16),
    AUTH_TOKEN_KEYS: z.string().optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
    REFRESH_SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(365 * 24 * 3600)
      .default(30 * 24 * 3600),
    CUSTOMER_PASSWORD_ITERATIONS: z.coerce.number().int().min(1000).max(5_000_000).default(600_000),
    PASSWORD_RESET_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    EMAIL_VERIFICATION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .max(30 * 24 * 3600)
      .default(7 * 24 * 3600),
    /**
     * How mail leaves the origin. Only `console` exists in the box: outside production it logs
     * each message and keeps it in the dev mailbox (`GET /dev/mailbox`); in production it
     * delivers nothing, logs only address and subject as a warning (bodies hold live reset
     * links) and keeps nothing, so the origin still starts and a deployment without mail
     * degrades to "no emails" rather than an outage. Production plugs a real provider by
     * passing an EmailSender to `createOrigin({ email })` (origin/platform/email/email-sender.ts).
     */
    EMAIL_TRANSPORT: z.enum(['console']).default('console'),
    EMAIL_FROM: z.string().min(3).default('shop@localhost'),
    PUBLIC_STORE_URL: z.url().default('http://localhost:8787'),
    REVIEW_MODERATION: z.enum(['pre', 'post']).default('pre'),
  })
  .superRefine((env, ctx) => {
    const services = parseServices(env.ORIGIN_SERVICES, env.SERVICES_URL, `http://${env.HOST}:${env.PORT}`);
    if (!services.ok)
      for (const e of services.errors) ctx.addIssue({ code: 'custom', path: [e.path], message: e.message });
    const mode = runtimeMode(env.NODE_ENV);
    const hostRefusal = developmentHostRefusal(mode, env.HOST);
    if (hostRefusal) ctx.addIssue({ code: 'custom', path: ['HOST'], message: hostRefusal });
    try {
      parseAttemptLimit(env.STAFF_LOGIN_ADDRESS_LIMIT);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['STAFF_LOGIN_ADDRESS_LIMIT'], message: (err as Error).message });
    }
    try {
      parseKeyRing(env.AUTH_TOKEN_KEYS ?? DEV_AUTH_TOKEN_KEYS);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_TOKEN_KEYS'], message: (err as Error).message });
    }
    if (env.REDIS_URL && env.UPSTASH_REDIS_REST_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'set REDIS_URL or UPSTASH_REDIS_REST_URL, not both',
      });
    }
    if (env.UPSTASH_REDIS_REST_URL && !env.UPSTASH_REDIS_REST_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['UPSTASH_REDIS_REST_TOKEN'],
        message: 'required with UPSTASH_REDIS_REST_URL',
      });
    }
    if (env.QUEUE_DRIVER === 'qstash') {
      const needed = [
        'QSTASH_TOKEN',
        'QSTASH_CURRENT_SIGNING_KEY',
        'QSTASH_NEXT_SIGNING_KEY',
        'PUBLIC_ORIGIN_URL',
      ] as const;
      for (const key of needed) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required with QUEUE_DRIVER=qstash' });
      }
      if (mode === 'production' && env.PUBLIC_ORIGIN_URL && !env.PUBLIC_ORIGIN_URL.startsWith('https://')) {
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_ORIGIN_URL'],
          message: 'QStash must push over https in production',
        });
      }
    }
    if (mode !== 'production') return;
    for (const issue of productionIssues(env)) ctx.addIssue({ code: 'custom', ...issue });
  });

export interface OriginConfig {
  /** `production` unless NODE_ENV names development or test (runtime-mode.ts). */
  mode: RuntimeMode;
  /** Production rules: real secrets required, no development defaults, no dev mailbox. */
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  databaseDriver: 'pglite' | 'postgres' | 'neon' | undefined;
  databasePoolSize: number;
  /** A read replica for list and read traffic (writes and read-after-write stay on the primary). */
  databaseReplicaUrl: string | undefined;
  /**
   * The operator's root credential with owner rights (`Authorization: Bearer <ADMIN_TOKEN>`).
   * Null when disabled: production without ADMIN_TOKEN accepts staff sessions and API keys only.
   */
  adminToken: string | null;
  internalSecret: string;
  edgeUrl: string;
  storeCurrency: string;
  /** The subsystems this instance serves, and where it reaches the others (config/services.ts). */
  services: ServicesConfig;
  upstash: { url: string; token: string } | null;
  /** A Redis server reached over its own protocol (ioredis), for self-hosted clusters; null: not used. */
  redisUrl: string | null;
  /**
   * The drain on SIGTERM (server.ts): readiness reports 503 for `delaySeconds` while requests
   * are still served (the load balancer's checks notice and stop sending), then the server
   * stops accepting and waits up to `timeoutSeconds` for the requests in flight.
   */
  drain: { delaySeconds: number; timeoutSeconds: number };
  catalogCacheTtlSeconds: number;
  queue: QueueConfig;
  orderTokenSecret: string;
  orderTokenTtlSeconds: number;
  /** Unpaid card orders give their stock back after this long. */
  reservationTtlSeconds: number;
  /** How often expired rows are pruned (platform/housekeeping.ts); 0 turns it off. */
  housekeepingIntervalSeconds: number;
  /** How many requests of each class an instance works on at once (platform/bulkhead.ts). */
  bulkheads: BulkheadLimits;
  /** After an order, a product's stock is republished to the edge only at or below this many units. */
  lowStockThreshold: number;
  payments: PaymentsConfig;
  logistics: LogisticsConfig;
  /** Webhooks signed longer ago (or further ahead) than this are refused. */
  webhookToleranceSeconds: number;
  staff: StaffConfig;
  customers: CustomersConfig;
  /** Where direct callers' addresses come from: null, the socket; else this proxy header (platform/client-address.ts). */
  clientAddressHeader: string | null;
  /** Password hashes and checks running at once in this process, and waiting (more: 503 busy). */
  passwordHashing: WorkGateOptions;
  email: EmailConfig;
  /** `pre`: reviews wait for a moderator; `post`: published at once, moderators take them down. */
  reviewModeration: 'pre' | 'post';
}

export interface CustomersConfig {
  /** Signs (first key) and verifies shoppers' access tokens; the Worker holds the same ring. */
  authKeys: KeyRing;
  accessTokenTtlSeconds: number;
  /** A refresh session ends this long after its last refresh. */
  refreshSessionTtlSeconds: number;
  passwordIterations: number;
  passwordResetTtlSeconds: number;
  emailVerificationTtlSeconds: number;
  /** The storefront's public URL, for links in emails. */
  publicStoreUrl: string;
}

export interface EmailConfig {
  /** `console`: logged, and kept for `GET /dev/mailbox` outside production. */
  transport: 'console';
  from: string;
}

export interface StaffConfig {
  /** PBKDF2-SHA256 rounds for new password hashes (tests lower it for speed; production ≥ 600,000). */
  passwordIterations: number;
  /** How long a staff login session lasts. */
  sessionTtlSeconds: number;
  /** Login attempts allowed per client address and window; null: no limit. */
  loginAddressLimit: AttemptLimitRule | null;
}

export interface PaymentsConfig {
  /** The provider that takes card payments. */
  cardProvider: 'sandbox-card';
  /** `automatic`: captured right after authorisation; `manual`: captured when the order ships. */
  captureMethod: 'automatic' | 'manual';
  /** Cash on delivery is offered up to this order total (minor units). */
  codMaxAmount: number;
  /** Cash on delivery is offered in these countries; empty → everywhere. */
  codCountries: string[];
  sandboxCard: { url: string; secretKey: string; webhookSecret: string };
}

export interface LogisticsConfig {
  carrier: 'sandbox-carrier';
  sandboxCarrier: { url: string; apiKey: string; webhookSecret: string };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): OriginConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    if (!env.NODE_ENV) lines.push(UNSET_NODE_ENV_HINT);
    throw new Error(`Invalid origin configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = runtimeMode(e.NODE_ENV);
  return {
    mode,
    production: mode === 'production',
    host: e.HOST,
    services: (
      parseServices(e.ORIGIN_SERVICES, e.SERVICES_URL, `http://${e.HOST}:${e.PORT}`) as { value: ServicesConfig }
    ).value,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    databaseDriver: e.DATABASE_DRIVER,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL || undefined,
    adminToken: e.ADMIN_TOKEN || (mode === 'production' ? null : DEV_ADMIN_TOKEN),
    internalSecret: e.INTERNAL_SECRET ?? DEV_INTERNAL_SECRET,
    edgeUrl: e.EDGE_URL.replace(/\/$/, ''),
    storeCurrency: e.STORE_CURRENCY,
    upstash: e.UPSTASH_REDIS_REST_URL
      ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN as string }
      : null,
    redisUrl: e.REDIS_URL || null,
    drain: { delaySeconds: e.DRAIN_DELAY_SECONDS, timeoutSeconds: e.DRAIN_TIMEOUT_SECONDS },
    catalogCacheTtlSeconds: e.CATALOG_CACHE_TTL_SECONDS,
    queue:
      e.QUEUE_DRIVER === 'qstash'
        ? {
            driver: 'qstash',
            pollMs: e.OUTBOX_POLL_MS,
            maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
            qstash: {
              url: e.QSTASH_URL,
              token: e.QSTASH_TOKEN as string,
              currentSigningKey: e.QSTASH_CURRENT_SIGNING_KEY as string,
              nextSigningKey: e.QSTASH_NEXT_SIGNING_KEY as string,
              callbackUrl: (e.PUBLIC_ORIGIN_URL as string).replace(/\/$/, ''),
              retries: e.QSTASH_RETRIES,
              scheduleAheadMs: e.QSTASH_SCHEDULE_AHEAD_MS,
            },
          }
        : { driver: 'local', pollMs: e.OUTBOX_POLL_MS, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    orderTokenSecret: e.ORDER_TOKEN_SECRET ?? DEV_ORDER_TOKEN_SECRET,
    orderTokenTtlSeconds: e.ORDER_TOKEN_TTL_SECONDS,
    reservationTtlSeconds: e.RESERVATION_TTL_SECONDS,
    housekeepingIntervalSeconds: e.HOUSEKEEPING_INTERVAL_SECONDS,
    bulkheads: bulkheadLimits(e.ORIGIN_MAX_CONCURRENT_REQUESTS, e.ORIGIN_AUXILIARY_SHARE, e.ORIGIN_BACKGROUND_SHARE),
    lowStockThreshold: e.LOW_STOCK_THRESHOLD,
    payments: {
      cardProvider: e.CARD_PROVIDER,
      captureMethod: e.CARD_CAPTURE,
      codMaxAmount: e.COD_MAX_AMOUNT,
      codCountries: e.COD_COUNTRIES ? e.COD_COUNTRIES.split(',') : [],
      sandboxCard: {
        url: e.SANDBOX_CARD_URL.replace(/\/$/, ''),
        secretKey: e.SANDBOX_CARD_SECRET_KEY,
        webhookSecret: e.SANDBOX_CARD_WEBHOOK_SECRET,
      },
    },
    logistics: {
      carrier: e.CARRIER,
      sandboxCarrier: {
        url: e.SANDBOX_CARRIER_URL.replace(/\/$/, ''),
        apiKey: e.SANDBOX_CARRIER_API_KEY,
        webhookSecret: e.SANDBOX_CARRIER_WEBHOOK_SECRET,
      },
    },
    webhookToleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
    staff: {
      passwordIterations: e.STAFF_PASSWORD_ITERATIONS,
      sessionTtlSeconds: e.STAFF_SESSION_TTL_SECONDS,
      loginAddressLimit: parseAttemptLimit(e.STAFF_LOGIN_ADDRESS_LIMIT),
    },
    clientAddressHeader: e.CLIENT_ADDRESS_HEADER?.toLowerCase() ?? null,
    customers: {
      authKeys: parseKeyRing(e.AUTH_TOKEN_KEYS ?? DEV_AUTH_TOKEN_KEYS),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshSessionTtlSeconds: e.REFRESH_SESSION_TTL_SECONDS,
      passwordIterations: e.CUSTOMER_PASSWORD_ITERATIONS,
      passwordResetTtlSeconds: e.PASSWORD_RESET_TTL_SECONDS,
      emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL_SECONDS,
      publicStoreUrl: e.PUBLIC_STORE_URL.replace(/\/$/, ''),
    },
    passwordHashing: { concurrency: e.PASSWORD_HASH_CONCURRENCY, maxWaiting: e.PASSWORD_HASH_QUEUE },
    email: { transport: e.EMAIL_TRANSPORT, from: e.EMAIL_FROM },
    reviewModeration: e.REVIEW_MODERATION,
  };
}
