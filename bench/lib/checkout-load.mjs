// Load helpers for bench/checkout.mjs: signed checkout bodies built per request, an autocannon
// run against the origin's POST /internal/checkout, a shopper loop through the edge, and the
// stock check after each run. Plain ESM.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export const PRICE = 2500;
const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d+$/;
const ADDRESS = { name: 'Bench Shopper', line1: '1 Loop Rd', city: 'Springfield', postalCode: '12345', country: 'US' };
const SHOPPER = { email: 'bench@example.com', shippingAddress: ADDRESS, paymentMethod: 'cod' };

/** SIGNED_HEADERS of contract/signing.ts: the bench sends none of them (signed as absent). */
const SIGNED_HEADERS = ['x-order-token', 'x-customer-token', 'x-client-ip', 'x-request-id'];

/**
 * The headers of contract/signing.ts (HMAC-SHA256 over timestamp, nonce, method,
 * path, the authority headers and body), computed synchronously: autocannon builds each request
 * in a synchronous callback, and the shared signer is async WebCrypto. A drift from the real
 * scheme shows at once as 401s.
 */
export function signInternal(secret, method, path, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const canonical = [ts, nonce, method, path, ...SIGNED_HEADERS, body].join('\n');
  const sig = createHmac('sha256', secret).update(canonical).digest('hex');
  return { 'x-internal-timestamp': ts, 'x-internal-nonce': nonce, 'x-internal-signature': sig };
}

/** A unique cart and key buying one unit of `variantId`, as the edge would send it. */
export function checkoutBody(variantId) {
  const id = randomUUID();
  return JSON.stringify({
    cartId: `cart_bench_${id}`,
    idempotencyKey: `bench-${id}`,
    ...SHOPPER,
    lines: [{ variantId, quantity: 1, unitPrice: { amount: PRICE, currency: 'USD' } }],
  });
}

/** A product with `n` variants at PRICE, each with `stock` units. */
export function productBody(tag, n, stock) {
  return {
    title: `Bench ${tag}`,
    slug: `bench-${tag}`,
    status: 'active',
    description: 'A product made by bench/checkout.mjs',
    images: [`https://img.example.com/bench-${tag}.jpg`],
    variants: Array.from({ length: n }, (_, i) => ({
      sku: `BENCH-${tag}-${i}`,
      title: `Size ${i}`,
      options: { Size: String(i) },
      prices: [{ amount: PRICE, currency: 'USD' }],
      stock,
    })),
  };
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : null);

/**
 * Signed checkouts at the origin for `duration` s over `connections` connections; `pick()`
 * chooses each request's variant. Returns rates, latencies and the order ids of the 201s.
 */
export function originCheckoutLoad({ originUrl, secret, duration, connections, pick }) {
  if (!LOOPBACK.test(originUrl)) throw new Error(`bench only targets 127.0.0.1 (got ${originUrl})`);
  const orderIds = [];
  const codes = {};
  return new Promise((resolve, reject) => {
    const requests = [
      {
        method: 'POST',
        path: '/internal/checkout',
        setupRequest(req) {
          const body = checkoutBody(pick());
          const headers = {
            ...signInternal(secret, 'POST', '/internal/checkout', body),
            'content-type': 'application/json',
          };
          return { ...req, body, headers };
        },
        onResponse(status, body) {
          if (status === 201) orderIds.push(JSON.parse(body).order.id);
          else {
            const key = `${status} ${safeCode(body)}`;
            codes[key] = (codes[key] ?? 0) + 1;
          }
        },
      },
    ];
    autocannon({ url: originUrl, duration, connections, timeout: 10, requests }, (err, r) => {
      if (err) return reject(err);
      resolve({
        ordersPerSec: Math.round((orderIds.length / r.duration) * 10) / 10,
        requests: r.requests.total,
        latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
        errors: r.errors + r.timeouts,
        refusals: codes,
        orderIds,
      });
    });
  });
}

function safeCode(body) {
  try {
    return JSON.parse(body).error?.code ?? '?';
  } catch {
    return 'non-json';
  }
}

/**
 * Shoppers at the edge, each in a loop for `duration` s: create a cart, add one item, check out
 * with a fresh Idempotency-Key. Latencies are of the checkout call and of the whole flow.
 */
export async function edgeCheckoutLoad({ edgeUrl, duration, shoppers, pick }) {
  if (!LOOPBACK.test(edgeUrl)) throw new Error(`bench only targets 127.0.0.1 (got ${edgeUrl})`);
  const call = async (path, init, headers = {}) => {
    const res = await fetch(`${edgeUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...headers },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text };
  };
  const checkoutMs = [];
  const flowMs = [];
  const orderIds = [];
  const refusals = {};
  let errors = 0;
  const end = Date.now() + duration * 1000;
  const shopper = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      try {
        const cart = await call('/api/carts', { method: 'POST' });
        if (cart.status !== 201) throw new Error(`create cart ${cart.status} ${cart.body.slice(0, 120)}`);
        const id = JSON.parse(cart.body).id;
        const add = await call(`/api/carts/${id}/items`, {
          method: 'POST',
          body: JSON.stringify({ variantId: pick(), quantity: 1 }),
        });
        if (add.status !== 200) throw new Error(`add item ${add.status} ${add.body.slice(0, 120)}`);
        const t1 = performance.now();
        const out = await call(
          `/api/carts/${id}/checkout`,
          { method: 'POST', body: JSON.stringify(SHOPPER) },
          { 'idempotency-key': randomUUID() },
        );
        checkoutMs.push(performance.now() - t1);
        flowMs.push(performance.now() - t0);
        if (out.status === 201) orderIds.push(JSON.parse(out.body).order.id);
        else {
          const key = `${out.status} ${safeCode(out.body)}`;
          refusals[key] = (refusals[key] ?? 0) + 1;
        }
      } catch (err) {
        errors++;
        if (errors <= 3) console.error(`bench: edge shopper: ${err.message}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: shoppers }, shopper));
  const seconds = (performance.now() - started) / 1000;
  checkoutMs.sort((a, b) => a - b);
  flowMs.sort((a, b) => a - b);
  const r = (n) => (n === null ? null : Math.round(n));
  return {
    ordersPerSec: Math.round((orderIds.length / seconds) * 10) / 10,
    requests: checkoutMs.length,
    latencyMs: { p50: r(pct(checkoutMs, 0.5)), p99: r(pct(checkoutMs, 0.99)), max: r(checkoutMs.at(-1) ?? null) },
    flowLatencyMs: { p50: r(pct(flowMs, 0.5)), p99: r(pct(flowMs, 0.99)) },
    errors,
    refusals,
    orderIds,
  };
}
