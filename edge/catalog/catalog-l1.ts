import type { VariantLookup } from '../../contract/catalog';
import { logger } from '../lib/log';
import { TtlCache } from '../lib/ttl-cache';
import { kvKeys } from './kv-keys';

/** A public catalog body ready to send, with its ETag computed once on the way in. */
export interface CachedJson {
  body: string;
  etag: string;
  /**
   * When the origin built the published copy (KV) this body comes from, in ms: sent as
   * `X-Catalog-Stale` (see send-cached.ts). Absent for a body the origin has just answered.
   */
  builtAt?: number;
  /**
   * Set by the repeat-read hot path (repeat-reads.ts) once the app has answered from this
   * entry: the body as bytes and the headers of the app's 200 and 304 answers. It lives and
   * dies with the entry.
   */
  hot?: { bytes: Uint8Array; ok?: Headers; notModified?: Headers };
}

/**
 * What L1 may hold of response bodies: a body is kept as a string and, once served by the
 * hot path, as bytes too (about twice its length). A few thousand large list pages (say
 * `limit=100`) must not exhaust the isolate's 128 MB.
 */
const L1_MAX_BODY_WEIGHT = 48 * 1024 * 1024;

/**
 * L1: this isolate's memory. `null` values are remembered misses, so a stream of requests
 * for a slug that does not exist costs neither KV reads nor origin calls.
 */
export const catalogL1 = {
  responses: new TtlCache<CachedJson | null>(2_000, {
    maxWeight: L1_MAX_BODY_WEIGHT,
    weigh: (entry) => (entry ? 2 * entry.body.length : 0),
  }),
  variants: new TtlCache<VariantLookup | null>(5_000),
};

// Other isolates learn about a publish by polling `catalog:version`, at most this often and
// always in the background, so the cross-isolate staleness is about a second (plus KV's own
// propagation delay in production) instead of the full L1 TTL, at no cost to the hot path.
const VERSION_POLL_INTERVAL_MS = 1_000;

let knownVersion: string | null = null;
let versionCheckedAt = 0;

/** Drops every L1 entry; `version` is the catalog version the caller knows to be current. */
export function clearCatalogL1(version?: string): void {
  catalogL1.responses.clear();
  catalogL1.variants.clear();
  if (version !== undefined) knownVersion = version;
}

/** Records a `catalog:version` read from KV, clearing L1 if a publish happened meanwhile. */
export function observeCatalogVersion(version: string): void {
  if (knownVersion !== null && knownVersion !== version) clearCatalogL1();
  knownVersion = version;
}

/**
 * Schedules a background `catalog:version` check when the last one is older than the poll
 * interval. Never awaited by the request.
 */
export function pollCatalogVersion(kv: KVNamespace, waitUntil: (p: Promise<unknown>) => void, now: number): void {
  if (now - versionCheckedAt < VERSION_POLL_INTERVAL_MS) return;
  versionCheckedAt = now;
  waitUntil(
    kv.get(kvKeys.version).then(
      (version) => observeCatalogVersion(version ?? '0'),
      (err: unknown) => logger.warn('catalog version poll failed', { error: String(err) }),
    ),
  );
}

/**
 * Sent with every catalog answer that comes from the edge's published copy (KV) rather than
 * straight from the origin: how many seconds ago the origin built that copy. The origin
 * republishes on every change, so this is how stale the answer can be when publishes cannot
 * reach the edge (the origin is down); docs/api.md.
 */
export const CATALOG_STALE_HEADER = 'x-catalog-stale';

/** The `X-Catalog-Stale` value for a copy built at `builtAt` (ms). */
export function catalogStaleSeconds(builtAt: number, now = Date.now()): string {
  return String(Math.max(0, Math.floor((now - builtAt) / 1000)));
}

/** What the catalog route served a request from: set by the route, read once the app answered. */
const servedFromL1 = new WeakMap<Request, { l1Key: string; entry: CachedJson }>();

/**
 * Notes that the catalog routes answered `request` from an L1 entry, so the gateway can record
 * the answer for repeats of the same URL (gateway/repeat-reads.ts).
 */
export function noteL1Read(request: Request, l1Key: string, entry: CachedJson): void {
  servedFromL1.set(request, { l1Key, entry });
}

/** The L1 entry that served `request`, when the catalog routes noted one. */
export function l1ReadOf(request: Request): { l1Key: string; entry: CachedJson } | undefined {
  return servedFromL1.get(request);
}
