/**
 * The origin keeps or replaces an incoming `x-request-id` exactly as the edge does: the shared
 * examples (contract/request-id.examples.ts, also run through the Worker in
 * edge/lib/request-id.test.ts) go through the real app. And an id the edge sends on a signed
 * call, as its signed fetch sends it, is the one the origin's log lines carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestId } from '../../contract/request-id';
import { REQUEST_ID_EXAMPLES } from '../../contract/request-id.examples';
import { signInternalRequest } from '../../contract/signing';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { UpstashCache } from './cache/upstash-cache';
import { jsonLogger } from './logger';

const FRESH = /^req_[0-9a-f]{32}$/;

describe('request ids at the origin', () => {
  let t: TestOrigin;
  beforeAll(async () => {
    t = await startTestOrigin();
  });
  afterAll(() => t?.close());

  it.each(REQUEST_ID_EXAMPLES)('answers with $sent as the shared rule says ($why)', async ({ sent, kept }) => {
    const res = await t.origin.app.request('/health', { headers: { 'x-request-id': sent } });
    const answered = res.headers.get('x-request-id');
    if (kept) expect(answered).toBe(sent);
    else expect(answered).toMatch(FRESH);
  });

  it('mints an id when there is none', async () => {
    const res = await t.origin.app.request('/health');
    expect(res.headers.get('x-request-id')).toMatch(FRESH);
  });
});

describe('request ids in the origin logs', () => {
  it('logs a signed call from the edge under the id the edge sent, unchanged', async () => {
    // A log line that names the request: the replay guard's, when Upstash cannot be reached.
    const lines: string[] = [];
    const down = await startTestOrigin(
      {},
      {
        cache: new UpstashCache({ url: 'http://127.0.0.1:9', token: 'unreachable' }),
        log: jsonLogger('origin', (line) => lines.push(line)),
      },
    );
    try {
      // One the edge minted, and each a client gave the edge that the edge kept and forwarded.
      const ids = [newRequestId(), ...REQUEST_ID_EXAMPLES.filter((e) => e.kept).map((e) => e.sent)];
      const path = '/internal/auth/logout';
      const raw = JSON.stringify({});
      const answers = await Promise.all(
        ids.map(async (id) => {
          const signed = await signInternalRequest(INTERNAL_SECRET, 'POST', path, raw, {
            headers: { 'x-request-id': id },
          });
          const headers = { ...signed, 'content-type': 'application/json' };
          return down.origin.app.request(path, { method: 'POST', headers, body: raw });
        }),
      );
      expect(answers.map((res) => res.headers.get('x-request-id'))).toEqual(ids);
      const logged = lines.map((line) => JSON.parse(line) as { message: string; requestId?: string });
      for (const id of ids) {
        expect(logged).toContainEqual(
          expect.objectContaining({ message: 'replay guard unavailable; signed request let through', requestId: id }),
        );
      }
      const named = logged.filter((entry) => entry.requestId !== undefined).map((entry) => entry.requestId);
      expect(new Set(named)).toEqual(new Set(ids));
    } finally {
      await down.close();
    }
  });
});
