/**
 * A real origin for one test file: the real app and outbox relay on a fresh migrated database
 * (PGlite, or PostgreSQL under test:services). The edge is the one outside part: a recorder
 * that checks each publish's signature like the real edge does and keeps the payloads.
 */

import type { PublishPayload } from '../../contract/catalog';
import { signInternalRequest, verifyInternalRequest } from '../../contract/signing';
import type { DatabaseHandle } from '../../db/client';
import { createOrigin, type Origin } from '../../origin/main';
import type { CachePort } from '../../origin/platform/cache/cache-port';
import { MemoryCache } from '../../origin/platform/cache/memory-cache';
import { loadConfig, type OriginConfig } from '../../origin/platform/config/config';
import { type Logger, silentLogger } from '../../origin/platform/logger';
import { createTestDatabase } from './db';

export const ADMIN_TOKEN = 'test-admin-token';
export const INTERNAL_SECRET = 'test-internal-secret';

/**
 * Everything production requires, for `startTestOrigin(PRODUCTION_ENV)`: production rules with
 * the test's own database (DATABASE_URL is required but never opened) and no root token.
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  ADMIN_TOKEN: '',
  DATABASE_URL: 'postgres://unused.invalid/x',
  INTERNAL_SECRET: 'i'.repeat(40),
  ORDER_TOKEN_SECRET: 'o'.repeat(40),
  SANDBOX_CARD_WEBHOOK_SECRET: 'c'.repeat(40),
  SANDBOX_CARRIER_WEBHOOK_SECRET: 'r'.repeat(40),
  AUTH_TOKEN_KEYS: `k1:${'k'.repeat(40)}`,
};

export interface TestOrigin {
  origin: Origin;
  config: OriginConfig;
  /** Publishes the edge received, oldest first. */
  publishes: PublishPayload[];
  /** The edge recorder itself, for tests that drive a publisher directly. */
  edgeFetch: typeof fetch;
  /** Makes the edge refuse publishes with this status until reset to null. */
  edgeFailure: { status: number | null };
  /**
   * Answers the origin's calls to conversation objects (`/internal/conversations/*`), signature
   * already checked; unset, the edge answers them 404 (test/support/support.ts has a stand-in).
   */
  conversationEdge: { handle: ((path: string, body: unknown) => Response | Promise<Response>) | null };
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  internal(path: string): Promise<Response>;
  /** Runs the outbox relay until nothing is due. */
  drain(): Promise<number>;
  close(): Promise<void>;
}

export interface TestOriginOptions {
  /** Use this database instead of a fresh one from createTestDatabase(). */
  database?: DatabaseHandle;
  log?: Logger;
  /** How the origin reaches payment providers and carriers (route to in-process sandboxes). */
  outboundFetch?: typeof fetch;
  /** The distributed cache (sessions, throttles); a fresh in-memory one by default. */
  cache?: CachePort;
  /** How the origin reaches its other services (a split deployment: test/support/split.ts). */
  serviceFetch?: typeof fetch;
}

export async function startTestOrigin(
  env: Record<string, string> = {},
  options: TestOriginOptions = {},
): Promise<TestOrigin> {
  const config = loadConfig({
    // Development defaults for what a test leaves unset (loopback only); a test may say production.
    NODE_ENV: 'test',
    ADMIN_TOKEN,
    INTERNAL_SECRET,
    EDGE_URL: 'http://edge.test',
    OUTBOX_POLL_MS: '60000',
    // Tests run background work themselves (relay drains, housekeeping passes).
    HOUSEKEEPING_INTERVAL_SECONDS: '0',
    ...env,
  });
  const publishes: PublishPayload[] = [];
  const edgeFailure = { status: null as number | null };
  const conversationEdge: TestOrigin['conversationEdge'] = { handle: null };
  const edgeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = String(init?.body ?? '');
    const ok = await verifyInternalRequest(INTERNAL_SECRET, 'POST', url.pathname, body, new Headers(init?.headers));
    if (!ok) return new Response('bad signature', { status: 401 });
    if (edgeFailure.status) return new Response('edge down', { status: edgeFailure.status });
    if (url.pathname.startsWith('/internal/conversations/')) {
      return conversationEdge.handle
        ? conversationEdge.handle(url.pathname, JSON.parse(body))
        : Response.json(
            { error: { code: 'conversation_not_found', message: 'No such conversation' } },
            { status: 404 },
          );
    }
    publishes.push(JSON.parse(body));
    return new Response(null, { status: 204 });
  }) as typeof fetch;

  const origin = await createOrigin(config, {
    database: options.database ?? (await createTestDatabase()),
    cache: options.cache ?? new MemoryCache(),
    log: options.log ?? silentLogger,
    edgeFetch,
    // No outside service unless the test brings one (a sandbox): calls fail like an outage.
    outboundFetch: options.outboundFetch ?? unreachable,
    serviceFetch: options.serviceFetch ?? unreachable,
  });
  const app = origin.app;
  return {
    origin,
    config,
    publishes,
    edgeFetch,
    edgeFailure,
    conversationEdge,
    async admin(method, path, body) {
      return app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async internal(path) {
      return app.request(path, { headers: await signInternalRequest(INTERNAL_SECRET, 'GET', path) });
    },
    drain: () => origin.relay.drain(),
    close: () => origin.close(),
  };
}

const unreachable = (async (input: string | URL | Request) => {
  throw new TypeError(
    `fetch failed: nothing answers ${String(input instanceof Request ? input.url : input)} in this test`,
  );
}) as unknown as typeof fetch;

let counter = 0;
/** A unique suffix so tests in one file never collide on slugs or SKUs. */
export const uid = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A valid new-product body with `n` variants priced from `price` (minor units). */
export function productInput(overrides: Record<string, unknown> = {}, n = 2, price = 2500) {
  const id = uid();
  return {
    title: `Test Product ${id}`,
    slug: `test-product-${id}`,
    status: 'active',
    description: 'A product made by a test',
    images: [`https://img.example.com/${id}.jpg`],
    variants: Array.from({ length: n }, (_, i) => ({
      sku: `SKU-${id}-${i}`,
      title: `Size ${i}`,
      options: { Size: String(i) },
      prices: [
        { amount: price + i * 100, currency: 'USD' },
        { amount: price + i * 100 - 50, currency: 'EUR' },
      ],
      stock: 10,
    })),
    ...overrides,
  };
}
