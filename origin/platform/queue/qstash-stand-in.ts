/**
 * A local stand-in for the QStash API, for tests (no npm package serves one, and the SDK's dev
 * server downloads a binary): `POST /v2/publish/<destination>` with a bearer token, honouring
 * `Upstash-Deduplication-Id` (a duplicate is answered 202 and not queued again). Each publish
 * is recorded; when `push` is given, accepted messages are pushed to it signed like QStash
 * (`Upstash-Signature`, `Upstash-Message-Id`, `Upstash-Retried`), retried on a non-2xx up to
 * `Upstash-Retries` times. Messages with a future `Upstash-Not-Before` wait for `releaseScheduled()`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signLikeQStash } from './testing';

export interface RecordedPublish {
  destination: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface PushAttempt {
  destination: string;
  retried: number;
  status: number;
}

export interface StandInOptions {
  token: string;
  signingKey: string;
  /** Where pushes go (tests pass the app's `request`); no pushes without it. */
  push?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface QStashStandIn {
  url: string;
  publishes: RecordedPublish[];
  pushes: PushAttempt[];
  /** Answer the next publishes with this status (e.g. 500) until reset to null. */
  failure: { status: number | null };
  /** Pushes the messages held for a future Not-Before now. */
  releaseScheduled(): void;
  /** Resolves when no push is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Held {
  destination: string;
  body: string;
  id: string;
  retries: number;
}

const read = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Starts the stand-in on 127.0.0.1 on a free port; `close()` it after the tests. */
export async function startQStashStandIn(options: StandInOptions): Promise<QStashStandIn> {
  const publishes: RecordedPublish[] = [];
  const pushes: PushAttempt[] = [];
  const failure = { status: null as number | null };
  const seen = new Map<string, string>();
  const held: Held[] = [];
  const inFlight = new Set<Promise<void>>();
  let counter = 0;

  const deliver = async (m: Held) => {
    for (let retried = 0; retried <= m.retries; retried++) {
      const signature = await signLikeQStash(options.signingKey, m.destination, m.body);
      const headers = {
        'content-type': 'application/json',
        'upstash-signature': signature,
        'upstash-message-id': m.id,
        'upstash-retried': String(retried),
      };
      const res = await options.push?.(m.destination, { method: 'POST', headers, body: m.body });
      const status = res?.status ?? 0;
      pushes.push({ destination: m.destination, retried, status });
      if (status >= 200 && status < 300) return;
    }
  };
  const schedule = (m: Held) => {
    if (!options.push) return;
    const run = deliver(m).finally(() => inFlight.delete(run));
    inFlight.add(run);
  };

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const path = req.url ?? '';
    if (req.method !== 'POST' || !path.startsWith('/v2/publish/')) return answer(404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${options.token}`) return answer(401, { error: 'invalid token' });
    const destination = path.slice('/v2/publish/'.length);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const status = failure.status ?? (seen.has(headers['upstash-deduplication-id'] ?? '') ? 202 : 201);
    publishes.push({ destination, headers, body, status });
    if (failure.status) return answer(failure.status, { error: 'stand-in told to fail' });
    const dedup = headers['upstash-deduplication-id'];
    const existing = dedup ? seen.get(dedup) : undefined;
    if (existing) return answer(202, { messageId: existing, url: destination, deduplicated: true });
    const id = `msg_${++counter}`;
    if (dedup) seen.set(dedup, id);
    const m = { destination, body, id, retries: Number(headers['upstash-retries'] ?? 3) };
    const notBefore = Number(headers['upstash-not-before'] ?? 0);
    if (notBefore * 1000 > Date.now()) held.push(m);
    else schedule(m);
    answer(201, { messageId: id, url: destination });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    publishes,
    pushes,
    failure,
    releaseScheduled: () => {
      for (const m of held.splice(0)) schedule(m);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
