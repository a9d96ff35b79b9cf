/**
 * A real origin wired to an in-process card sandbox (sandbox/card) exactly as in production:
 * the origin calls the sandbox's HTTP API, the sandbox sends signed webhooks to the origin's
 * webhook route. Only the network is short-circuited (both run in this process).
 */
import { type CardSandbox, createCardSandbox } from '../../sandbox/card/card-sandbox';
import { startTestOrigin, type TestOrigin, type TestOriginOptions } from './origin';

export const CARD_URL = 'http://card.test';
export const CARD_KEY = 'sk_test_payments';
export const CARD_WEBHOOK_SECRET = 'whsec_test_payments';

export interface PaymentsHarness extends TestOrigin {
  card: CardSandbox;
  /** Lets the sandbox's steps and webhooks and the origin's queue run until both are quiet. */
  settle(): Promise<void>;
  /** A call to the sandbox's API as its operator (or a shopper's browser for 3-D Secure). */
  cardApi(method: string, path: string, body?: unknown): Promise<Response>;
}

/** Routes requests for `routes`' base URLs to in-process apps; anything else fails like an outage. */
export function routeOutbound(routes: Record<string, (req: Request) => Promise<Response>>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const req = input instanceof Request ? new Request(input, init) : new Request(String(input), init);
    const target = Object.entries(routes).find(([base]) => req.url.startsWith(base));
    if (!target) throw new TypeError(`fetch failed: nothing answers ${req.url} in this test`);
    return target[1](req);
  }) as typeof fetch;
}

export async function startPaymentsOrigin(
  env: Record<string, string> = {},
  options: TestOriginOptions = {},
): Promise<PaymentsHarness> {
  let t: TestOrigin | null = null;
  const toOrigin = (async (input: string | URL | Request, init?: RequestInit) => {
    if (!t) throw new TypeError('fetch failed: origin not started');
    const req = input instanceof Request ? new Request(input, init) : new Request(String(input), init);
    return t.origin.app.request(new URL(req.url).pathname, {
      method: req.method,
      headers: req.headers,
      body: await req.text(),
    });
  }) as typeof fetch;
  const card = createCardSandbox({
    secretKey: CARD_KEY,
    webhookSecret: CARD_WEBHOOK_SECRET,
    webhookUrl: 'http://origin.test/webhooks/payments/sandbox-card',
    publicUrl: CARD_URL,
    delayMs: 0,
    retryBaseMs: 5,
    fetch: toOrigin,
  });
  t = await startTestOrigin(
    {
      SANDBOX_CARD_URL: CARD_URL,
      SANDBOX_CARD_SECRET_KEY: CARD_KEY,
      SANDBOX_CARD_WEBHOOK_SECRET: CARD_WEBHOOK_SECRET,
      ...env,
    },
    { ...options, outboundFetch: options.outboundFetch ?? routeOutbound({ [CARD_URL]: card.fetch }) },
  );
  const origin = t;
  return {
    ...origin,
    card,
    async settle() {
      for (let round = 0; round < 50; round++) {
        await card.idle();
        const delivered = await origin.drain();
        await card.idle();
        if (delivered === 0 && (await origin.drain()) === 0) return;
      }
      throw new Error('payments did not settle in 50 rounds');
    },
    cardApi(method, path, body) {
      return card.fetch(
        new Request(`${CARD_URL}${path}`, {
          method,
          headers: { authorization: `Bearer ${CARD_KEY}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    },
    async close() {
      card.close();
      await origin.close();
    },
  };
}
