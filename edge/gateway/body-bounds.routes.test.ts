import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInternalRequest } from '../../contract/signing';
import { TEST_SECRET } from '../../test/edge/catalog-fixtures';
import { chunkedBody } from '../../test/edge/chunked-body';
import { edgeFetch } from '../../test/edge/edge-fetch';

beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

const TEN_MB = 10 * 1024 * 1024;
/** Far more than any route's limit (8–16 KiB), far less than the body. */
const READ_AT_MOST = 1024 * 1024;

async function postChunked(path: string, headers: Record<string, string> = {}) {
  const body = chunkedBody(TEN_MB);
  const res = await edgeFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body.stream,
  });
  const json = await res.json<{ error?: { code: string } }>();
  // Whatever the runtime might still pull after the answer is counted too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { status: res.status, json, pulled: body.pulled() };
}

describe('bodies without Content-Length', () => {
  it('refuses a chunked 10 MB login with 413 before the auth limit reads it whole', async () => {
    const { status, json, pulled } = await postChunked('/api/auth/login');
    expect(status).toBe(413);
    expect(json).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled).toBeLessThan(READ_AT_MOST);
  });

  it('refuses a chunked 10 MB registration the same way', async () => {
    const { status, pulled } = await postChunked('/api/auth/register');
    expect(status).toBe(413);
    expect(pulled).toBeLessThan(READ_AT_MOST);
  });

  it('refuses a chunked 10 MB call from the origin before checking its signature over it', async () => {
    const path = '/internal/conversations/conv_x/messages';
    const signature = await signInternalRequest(TEST_SECRET, 'POST', path, '{}');
    const { status, json, pulled } = await postChunked(path, signature);
    expect(status).toBe(413);
    expect(json).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled).toBeLessThan(READ_AT_MOST);
  });
});
