/**
 * Talking to an origin that runs as its own process: a stand-in edge that accepts the relay's
 * publishes (checking each signature like the real edge), and signed checkout calls over HTTP
 * that tell "no answer" apart from an answer. Plain and admin calls: test/support/http.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckoutRequest } from '../../../contract/orders';
import { signInternalRequest, verifyInternalRequest } from '../../../contract/signing';
import { timedFetch } from '../../support/http';

export interface EdgeRecorder {
  url: string;
  /** Signed publishes accepted, and requests refused for a bad or missing signature. */
  counts: { accepted: number; refused: number };
  /** How long it waits before answering each publish from now on. */
  setDelay(ms: number): void;
  /** Signed publishes received under a delay of at least `ms` and not answered yet. */
  holding(ms: number): number;
  close(): Promise<void>;
}

/** `delayMs` holds each answer back, so the relay spends its time mid-delivery (leases held). */
export async function startEdgeRecorder(secret: string, initialDelayMs = 0): Promise<EdgeRecorder> {
  let delayMs = initialDelayMs;
  const counts = { accepted: 0, refused: 0 };
  const held = new Set<{ delayMs: number }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const headers = { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null };
      const ok = req.method === 'POST' && (await verifyInternalRequest(secret, 'POST', path, body, headers));
      if (ok) counts.accepted++;
      else counts.refused++;
      const answer = { delayMs };
      if (ok) held.add(answer);
      setTimeout(() => {
        held.delete(answer);
        res.writeHead(ok ? 204 : 401).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setDelay: (ms: number) => {
      delayMs = ms;
    },
    holding: (ms: number) => [...held].filter((h) => h.delayMs >= ms).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Answer = { status: number; code?: string; orderId?: string } | null;

/** A signed `POST /internal/checkout`; null when no answer came back (reset, refused, timeout). */
export async function checkoutOverHttp(base: string, secret: string, req: CheckoutRequest): Promise<Answer> {
  const raw = JSON.stringify(req);
  const headers = await signInternalRequest(secret, 'POST', '/internal/checkout', raw);
  let res: Response;
  let text: string;
  try {
    res = await timedFetch(15_000)(`${base}/internal/checkout`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: raw,
    });
    text = await res.text();
  } catch {
    return null;
  }
  const body = JSON.parse(text) as { order?: { id: string }; error?: { code: string } };
  return { status: res.status, code: body.error?.code, orderId: body.order?.id };
}

/** A promise with its resolve function, for gates. */
export function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
