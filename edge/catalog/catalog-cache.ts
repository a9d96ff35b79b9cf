import type { Category, ProductPage, ProductSnapshot, VariantLookup } from '../../contract/catalog';
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { computeEtag } from '../lib/etag';
import { logger } from '../lib/log';
import { createOriginClient, type OriginClient, OriginUnavailableError } from '../lib/origin-client';
import { type CatalogIndex, pageFromIndex } from './catalog-index';
import {
  CATALOG_STALE_HEADER,
  type CachedJson,
  catalogL1,
  catalogStaleSeconds,
  observeCatalogVersion,
  pollCatalogVersion,
} from './catalog-l1';
import { KV_MAX_KEY_BYTES, kvKeys, LIST_PAGE_TTL_SECONDS, WRITE_BACK_TTL_SECONDS } from './kv-keys';
import { toPublicCategories, toPublicPage, toPublicProduct } from './public-views';

type WaitUntil = (promise: Promise<unknown>) => void;

/** Where each public body lives in L1 (`catalogL1.responses`). */
export const l1Keys = {
  list: (normalizedQuery: string) => `list:${normalizedQuery}`,
  product: (slug: string) => kvKeys.product(slug),
  categories: () => kvKeys.categories,
  /** A page of a product's reviews: dropped with the rest of L1 on every publish (a review change republishes its product). */
  reviews: (slug: string, normalizedQuery: string) => `reviews:${slug}?${normalizedQuery}`,
};

/** A body to cache, with when the copy it comes from was built (ms), if it is the published copy. */
interface Loaded {
  value: unknown;
  builtAt?: number;
}

async function toCachedJson({ value, builtAt }: Loaded): Promise<CachedJson> {
  const body = JSON.stringify(value);
  return { body, etag: await computeEtag(body), ...(builtAt !== undefined ? { builtAt } : {}) };
}

/** A time of the published copy as ms, or undefined when absent or unreadable. */
function builtAtMs(iso: unknown): number | undefined {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A list page written back to KV, stamped with when it was read from the origin. */
type StoredPage = ProductPage & { builtAt?: string };

function logWarning(msg: string, err: unknown, requestId?: string): void {
  logger.warn(msg, { requestId, error: err instanceof Error ? err.message : String(err) });
}

/**
 * The catalog read path: L1 (isolate memory) → L2 (Workers KV) → L3 (origin), filling the
 * levels above on the way back. Public bodies are serialized and ETagged once, when they
 * enter L1, so a hit is a Map lookup. In-flight misses are deliberately not shared between
 * requests: a promise owned by one request's I/O context must not be awaited by another.
 */
export class CatalogReader {
  readonly #env: Env;
  readonly #waitUntil: WaitUntil;
  readonly #l1TtlMs: number;
  #origin: OriginClient | undefined;
  readonly #injectedOrigin: boolean;
  /** Logged with failures and sent to the origin as `x-request-id`, so one id traces the read. */
  readonly #requestId: string | undefined;

  constructor(env: Env, waitUntil: WaitUntil, origin?: OriginClient, requestId?: string) {
    this.#env = env;
    this.#requestId = requestId;
    this.#waitUntil = waitUntil;
    this.#l1TtlMs = readConfig(env).catalogL1TtlMs;
    this.#origin = origin;
    this.#injectedOrigin = origin !== undefined;
    pollCatalogVersion(env.CATALOG, waitUntil, Date.now());
  }

  /** `GET /api/products` body for a normalized query. */
  productList(normalizedQuery: string): Promise<CachedJson> {
    return this.#cachedPresent(l1Keys.list(normalizedQuery), async () => {
      const version = (await this.#kvText(kvKeys.version)) ?? '0';
      observeCatalogVersion(version);
      const key = kvKeys.list(version, normalizedQuery);
      const cacheable = key.length <= KV_MAX_KEY_BYTES;
      const stored = cacheable ? await this.#kvJson<StoredPage>(key) : null;
      if (stored) return { value: toPublicPage(stored), builtAt: builtAtMs(stored.builtAt) };
      let page: ProductPage;
      try {
        page = await this.#originClient().listProducts(normalizedQuery);
      } catch (err) {
        const fallback = err instanceof OriginUnavailableError ? await this.#pageFromIndex(normalizedQuery) : null;
        if (!fallback) throw err;
        logWarning('origin unavailable: list page built from the published index', err, this.#requestId);
        return fallback;
      }
      if (cacheable) {
        const stamped: StoredPage = { ...page, builtAt: new Date().toISOString() };
        this.#writeBack(key, stamped, LIST_PAGE_TTL_SECONDS);
      }
      return { value: toPublicPage(page) };
    });
  }

  /**
   * A list page built from the published index, when the origin cannot answer: null without an
   * index (nothing was published yet) or for a cursor the index cannot follow.
   */
  async #pageFromIndex(normalizedQuery: string): Promise<Loaded | null> {
    const [index, categories] = await Promise.all([
      this.#kvJson<CatalogIndex>(kvKeys.index),
      this.#kvJson<Category[]>(kvKeys.categories),
    ]);
    if (!index) return null;
    const built = pageFromIndex(index, categories ?? [], normalizedQuery);
    if (!built) return null;
    return { value: built.page, builtAt: built.oldestBuiltAt ?? Date.now() };
  }

  /** `GET /api/products/:slug` body, or null when the product does not exist (or is archived). */
  product(slug: string): Promise<CachedJson | null> {
    return this.#cachedJson(l1Keys.product(slug), async () => {
      const stored = await this.#kvJson<ProductSnapshot>(kvKeys.product(slug));
      if (stored) return { value: toPublicProduct(stored), builtAt: builtAtMs(stored.builtAt) };
      const snapshot = await this.#originClient().getProduct(slug);
      if (!snapshot) return null;
      this.#writeBackProduct(snapshot);
      return { value: toPublicProduct(snapshot) };
    });
  }

  /** `GET /api/categories` body. */
  categories(): Promise<CachedJson> {
    return this.#cachedPresent(l1Keys.categories(), async () => {
      const stored = await this.#kvJson<Category[]>(kvKeys.categories);
      if (stored) return { value: toPublicCategories(stored) };
      const categories = await this.#originClient().getCategories();
      this.#writeBack(kvKeys.categories, categories, WRITE_BACK_TTL_SECONDS);
      return { value: toPublicCategories(categories) };
    });
  }

  /**
   * `GET /api/products/:slug/reviews` body, or null when the product does not exist. Only L1 and
   * the origin: reviews are not worth KV writes, and every publish clears L1.
   */
  reviews(slug: string, normalizedQuery: string, deadlineMs?: number): Promise<CachedJson | null> {
    return this.#cachedJson(l1Keys.reviews(slug, normalizedQuery), async () => {
      const page = await this.#originClient(deadlineMs).getProductReviews(slug, normalizedQuery);
      return page === null ? null : { value: page };
    });
  }

  /** What a cart needs to price and check a variant, or null when it is not sellable. */
  async variant(id: string): Promise<VariantLookup | null> {
    const key = kvKeys.variant(id);
    const hit = catalogL1.variants.get(key);
    if (hit !== undefined) return hit;
    let lookup = await this.#kvJson<VariantLookup>(key);
    if (!lookup) {
      lookup = await this.#originClient().getVariant(id);
      if (lookup) this.#writeBack(key, lookup, WRITE_BACK_TTL_SECONDS);
    }
    catalogL1.variants.set(key, lookup, this.#l1TtlMs);
    return lookup;
  }

  async #cachedJson(key: string, load: () => Promise<Loaded | null>): Promise<CachedJson | null> {
    const hit = catalogL1.responses.get(key);
    if (hit !== undefined) return hit;
    const loaded = await load();
    const entry = loaded === null ? null : await toCachedJson(loaded);
    catalogL1.responses.set(key, entry, this.#l1TtlMs);
    return entry;
  }

  async #cachedPresent(key: string, load: () => Promise<Loaded>): Promise<CachedJson> {
    const entry = await this.#cachedJson(key, load);
    if (!entry) throw new Error(`Catalog entry ${key} is unexpectedly empty`);
    return entry;
  }

  /** The origin client; `deadlineMs` asks for a shorter deadline than the reads' default (not for an injected client). */
  #originClient(deadlineMs?: number): OriginClient {
    if (deadlineMs !== undefined && !this.#injectedOrigin) {
      const config = readConfig(this.#env);
      return createOriginClient({
        originUrl: config.originUrl,
        internalSecret: config.internalSecret,
        requestId: this.#requestId,
        timeoutMs: deadlineMs,
      });
    }
    if (!this.#origin) {
      const config = readConfig(this.#env);
      this.#origin = createOriginClient({
        originUrl: config.originUrl,
        internalSecret: config.internalSecret,
        requestId: this.#requestId,
      });
    }
    return this.#origin;
  }

  // A failing or corrupt L2 read degrades to the origin instead of failing the request.
  async #kvJson<T>(key: string): Promise<T | null> {
    try {
      return await this.#env.CATALOG.get<T>(key, 'json');
    } catch (err) {
      logWarning(`KV read ${key} failed`, err, this.#requestId);
      return null;
    }
  }

  async #kvText(key: string): Promise<string | null> {
    try {
      return await this.#env.CATALOG.get(key, 'text');
    } catch (err) {
      logWarning(`KV read ${key} failed`, err, this.#requestId);
      return null;
    }
  }

  #writeBack(key: string, value: unknown, ttlSeconds: number): void {
    this.#waitUntil(
      this.#env.CATALOG.put(key, JSON.stringify(value), { expirationTtl: ttlSeconds }).catch((err: unknown) =>
        logWarning(`KV write-back ${key} failed`, err, this.#requestId),
      ),
    );
  }

  // Never replace a snapshot that a publish wrote after our origin read started.
  #writeBackProduct(snapshot: ProductSnapshot): void {
    const key = kvKeys.product(snapshot.slug);
    const kv = this.#env.CATALOG;
    this.#waitUntil(
      (async () => {
        const current = await kv.get<ProductSnapshot>(key, 'json');
        if (current && Date.parse(current.builtAt) >= Date.parse(snapshot.builtAt)) return;
        await kv.put(key, JSON.stringify(snapshot), { expirationTtl: WRITE_BACK_TTL_SECONDS });
      })().catch((err: unknown) => logWarning(`KV write-back ${key} failed`, err, this.#requestId)),
    );
  }
}

/** When the published copy a variant lookup comes from was built (ms); undefined for the origin's own answer. */
export function variantBuiltAt(variant: VariantLookup | null): number | undefined {
  return variant ? builtAtMs(variant.builtAt) : undefined;
}

/**
 * Sets `X-Catalog-Stale` on an answer built from catalog entries, by the oldest published copy
 * among them; an answer built only from the origin's fresh answers gets none.
 */
export function staleHeader(c: AppContext, builtAts: ReadonlyArray<number | undefined>): void {
  const known = builtAts.filter((t): t is number => t !== undefined);
  if (known.length > 0) c.header(CATALOG_STALE_HEADER, catalogStaleSeconds(Math.min(...known)));
}

/** A reader bound to this request's `waitUntil`, for catalog reads from any edge route. */
export function catalogReader(c: AppContext): CatalogReader {
  const ctx = c.executionCtx;
  return new CatalogReader(c.env, (promise) => ctx.waitUntil(promise), undefined, c.get('requestId'));
}
