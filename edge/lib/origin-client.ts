import type { Category, ProductPage, ProductSnapshot, VariantLookup } from '../../contract/catalog';
import { internalPaths } from '../../contract/catalog';
import { type ProductReviewsPage, ratingPaths } from '../../contract/rating';
import { failureReason, signedOriginFetch } from './signed-fetch';

/** An origin failure the shopper cannot fix: mapped to 502 `origin_unavailable` by `onError`. */
export class OriginUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OriginUnavailableError';
  }
}

/** The origin refused a request as invalid (e.g. a cursor it cannot decode). */
export class OriginRejectedError extends Error {
  constructor(readonly detail: string) {
    super(`Origin rejected the request: ${detail}`);
    this.name = 'OriginRejectedError';
  }
}

/** The L3 of the catalog: the origin's signed internal read endpoints. */
export interface OriginClient {
  /** `query` is the normalized list query string, without `?`. */
  listProducts(query: string): Promise<ProductPage>;
  getProduct(slug: string): Promise<ProductSnapshot | null>;
  getVariant(id: string): Promise<VariantLookup | null>;
  getCategories(): Promise<Category[]>;
  /** `query` is the normalized review query string, without `?`; null when the product does not exist. */
  getProductReviews(slug: string, query: string): Promise<ProductReviewsPage | null>;
}

export interface OriginClientOptions {
  originUrl: string;
  internalSecret: string;
  timeoutMs?: number;
  /** Sent as `x-request-id` on every call, so the origin logs the shopper's request id. */
  requestId?: string;
  /** Injected in tests; defaults to the global fetch, looked up per call. */
  fetch?: typeof fetch;
}

/**
 * A catalog read gives up after this long (a retry included), so a hung origin costs a shopper
 * a few seconds, after which the edge answers from its published copy where it can.
 */
export const ORIGIN_READ_DEADLINE_MS = 3_000;
/** The first attempt of a read gets this much of the deadline; one retry gets the rest. */
export const ORIGIN_READ_ATTEMPT_MS = 1_800;

async function errorDetail(res: Response): Promise<string> {
  try {
    const body = await res.json<{ error?: { message?: string } }>();
    return body.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * Builds a client whose every request is signed with `signInternalRequest`, so the origin can
 * tell the edge from the internet. 404 means "does not exist" (null); other failures throw.
 */
export function createOriginClient(options: OriginClientOptions): OriginClient {
  const timeoutMs = options.timeoutMs ?? ORIGIN_READ_DEADLINE_MS;
  const attemptTimeoutMs = Math.min(ORIGIN_READ_ATTEMPT_MS, Math.ceil(timeoutMs * 0.6));

  async function get<T>(pathAndQuery: string, notFoundIsNull: boolean): Promise<T | null> {
    let res: Response;
    try {
      res = await signedOriginFetch(options, {
        method: 'GET',
        pathAndQuery,
        timeoutMs,
        attemptTimeoutMs,
        requestId: options.requestId,
        fetch: options.fetch,
      });
    } catch (err) {
      throw new OriginUnavailableError(`GET ${pathAndQuery} failed: ${failureReason(err)}`);
    }
    if (res.status === 404 && notFoundIsNull) {
      await res.body?.cancel();
      return null;
    }
    if (res.status === 400) throw new OriginRejectedError(await errorDetail(res));
    if (!res.ok) {
      await res.body?.cancel();
      throw new OriginUnavailableError(`GET ${pathAndQuery} answered ${res.status}`);
    }
    try {
      return await res.json<T>();
    } catch {
      throw new OriginUnavailableError(`GET ${pathAndQuery} answered invalid JSON`);
    }
  }

  async function getRequired<T>(pathAndQuery: string): Promise<T> {
    const value = await get<T>(pathAndQuery, false);
    if (value === null) throw new OriginUnavailableError(`GET ${pathAndQuery} answered no body`);
    return value;
  }

  return {
    listProducts: (query) =>
      getRequired<ProductPage>(query ? `${internalPaths.products}?${query}` : internalPaths.products),
    getProduct: (slug) => get<ProductSnapshot>(internalPaths.product(slug), true),
    getVariant: (id) => get<VariantLookup>(internalPaths.variant(id), true),
    getCategories: async () => (await getRequired<{ items: Category[] }>(internalPaths.categories)).items,
    getProductReviews: (slug, query) => get<ProductReviewsPage>(`${ratingPaths.productReviews(slug)}?${query}`, true),
  };
}
