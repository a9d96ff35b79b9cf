import { vi } from 'vitest';
import type { Category, ProductPage, ProductSnapshot, VariantLookup } from '../../contract/catalog';
import { type CheckoutRequest, checkoutPaths, type PaymentRetryRequest } from '../../contract/orders';
import { verifyInternalRequest } from '../../contract/signing';
import {
  type CredentialLapse,
  type CredentialVerdict,
  type SocketCredential,
  type SyncPayload,
  supportPaths,
} from '../../contract/support';
import { credentialKey } from '../../edge/support/socket-credential-rules';
import { TEST_SECRET } from './catalog-fixtures';
import { FakeCustomerService } from './fake-customer-service';
import { FakeOrderService } from './fake-order-service';
import { FakeReviewService } from './fake-review-service';
import { testKeys } from './sessions';

/** ORIGIN_URL that vitest.config.ts binds for the edge project. */
export const TEST_ORIGIN = 'http://origin.test';

/**
 * An in-memory stand-in for the origin's internal endpoints (catalog reads, checkout, orders). The Worker under test runs
 * in the test's isolate, so spying on the global fetch intercepts its outbound calls. Every
 * request must carry a valid internal signature, as the real origin demands.
 */
export class FakeOrigin {
  readonly products = new Map<string, ProductSnapshot>();
  readonly variants = new Map<string, VariantLookup>();
  /** Keyed by the normalized query string the edge sends. */
  readonly lists = new Map<string, ProductPage>();
  categories: Category[] = [];
  /** `pathname?search` of every request received. */
  readonly requests: string[] = [];
  /** When set, every request fails with this status. */
  failWith: number | null = null;
  /**
   * The next this many requests are handled, then their answers lost (the caller sees a network
   * error, as when a connection drops). The edge retries an idempotent call once, so an outcome
   * it cannot know takes two.
   */
  loseAnswers = 0;
  readonly orderService = new FakeOrderService();
  readonly reviewService = new FakeReviewService(this.orderService);
  /** Conversation syncs received (`POST /internal/support/conversations/:id/sync`), parsed. */
  readonly supportSyncs: SyncPayload[] = [];
  /** Every credential check a conversation object asked (`POST /internal/support/socket-credentials`). */
  readonly credentialChecks: SocketCredential[][] = [];
  /**
   * Staff credentials (by `credentialKey`) that no longer hold, and why; every other staff
   * credential holds. A customer session holds while the fake customer service has it.
   */
  readonly lapsedStaff = new Map<string, CredentialLapse>();
  readonly customers = new FakeCustomerService(testKeys(), (customerId) =>
    [...this.orderService.orders.values()].filter((e) => e.customerId === customerId).map((e) => e.order),
  );

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const pathAndQuery = url.pathname + url.search;
    this.requests.push(pathAndQuery);
    const body = await req.text();
    if (!(await verifyInternalRequest(TEST_SECRET, req.method, pathAndQuery, body, req.headers))) {
      return Response.json({ error: { code: 'unauthorized', message: 'bad signature' } }, { status: 401 });
    }
    if (this.failWith) return new Response('unavailable', { status: this.failWith });
    const res = await this.#route(req, url, body);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new TypeError('Network connection lost.');
    }
    return res;
  }

  async #route(req: Request, url: URL, body: string): Promise<Response> {
    const notFound = () => Response.json({ error: { code: 'not_found', message: 'nope' } }, { status: 404 });
    const path = decodeURIComponent(url.pathname);
    const customerAnswer = await this.customers.handle(req.method, path, body, req.headers);
    if (customerAnswer) return customerAnswer;
    if (req.method === 'POST' && path === checkoutPaths.checkout) {
      return this.orderService.checkout(JSON.parse(body) as CheckoutRequest, req.headers);
    }
    const tracking = /^\/internal\/orders\/([^/]+)\/tracking$/.exec(path)?.[1];
    const customerId = await this.customers.authenticate(req.headers);
    const reviewAnswer = this.reviewService.handle(req.method, path, url, req.headers, body, customerId);
    if (reviewAnswer) return reviewAnswer;
    if (req.method === 'GET' && tracking !== undefined) {
      return this.orderService.getTracking(tracking, req.headers, customerId);
    }
    const paid = /^\/internal\/orders\/([^/]+)\/payment$/.exec(path)?.[1];
    if (req.method === 'POST' && paid !== undefined) {
      return this.orderService.retryPayment(paid, JSON.parse(body) as PaymentRetryRequest, req.headers, customerId);
    }
    const order = /^\/internal\/orders\/([^/]+)$/.exec(path)?.[1];
    if (req.method === 'GET' && order !== undefined) {
      return this.orderService.getOrder(order, req.headers, customerId);
    }
    if (path === '/internal/catalog/products') {
      const page = this.lists.get(url.searchParams.toString());
      return page ? Response.json(page) : Response.json({ items: [], nextCursor: null });
    }
    if (path === '/internal/catalog/categories') return Response.json({ items: this.categories });
    if (req.method === 'POST' && /^\/internal\/support\/conversations\/[^/]+\/sync$/.test(path)) {
      const payload = JSON.parse(body) as SyncPayload;
      this.supportSyncs.push(payload);
      return Response.json({ synced: payload.messages.length });
    }
    if (req.method === 'POST' && path === supportPaths.socketCredentials) {
      const { credentials } = JSON.parse(body) as { credentials: SocketCredential[] };
      this.credentialChecks.push(credentials);
      return Response.json({ results: credentials.map((c) => this.#verdict(c)) });
    }
    if (path === '/internal/payment-methods') return Response.json({ items: ['card', 'cod'] });
    const product = /^\/internal\/catalog\/products\/(.+)$/.exec(path)?.[1];
    if (product !== undefined) {
      const snapshot = this.products.get(product);
      return snapshot ? Response.json(snapshot) : notFound();
    }
    const variant = /^\/internal\/catalog\/variants\/(.+)$/.exec(path)?.[1];
    if (variant !== undefined) {
      const lookup = this.variants.get(variant);
      return lookup ? Response.json(lookup) : notFound();
    }
    return notFound();
  }

  #verdict(c: SocketCredential): CredentialVerdict {
    if (c.kind === 'customer_session') {
      return this.customers.sessions.get(c.sessionId) === c.customerId
        ? { valid: true }
        : { valid: false, reason: 'session_ended' };
    }
    const reason = this.lapsedStaff.get(credentialKey(c));
    return reason ? { valid: false, reason } : { valid: true };
  }

  /** Requests whose path starts with `prefix`. */
  count(prefix: string): number {
    return this.requests.filter((r) => r.startsWith(prefix)).length;
  }
}

/** Routes the Worker's fetches to `http://origin.test` into a fresh FakeOrigin. Restore with `vi.restoreAllMocks()`. */
export function installFakeOrigin(): FakeOrigin {
  const origin = new FakeOrigin();
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    if (req.url.startsWith(TEST_ORIGIN)) return origin.handle(req);
    return realFetch(req);
  });
  return origin;
}
