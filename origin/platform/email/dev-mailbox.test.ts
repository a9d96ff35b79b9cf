import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_ENV, startTestOrigin, type TestOrigin } from '../../../test/support/origin';

describe('GET /dev/mailbox', () => {
  let local: TestOrigin;
  let production: TestOrigin;
  let unset: TestOrigin;
  beforeAll(async () => {
    [local, production, unset] = await Promise.all([
      startTestOrigin(),
      startTestOrigin({ ...PRODUCTION_ENV }),
      // NODE_ENV empty is NODE_ENV unset: production rules, so the same settings are needed.
      startTestOrigin({ ...PRODUCTION_ENV, NODE_ENV: '' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([local?.close(), production?.close(), unset?.close()]);
  });

  it('keeps mail for developers and tests (NODE_ENV=development or test, on loopback)', async () => {
    const res = await local.origin.app.request('/dev/mailbox');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
  });

  it('answers 404 outside development, NODE_ENV unset included, as for any unknown path', async () => {
    expect(unset.config.mode).toBe('production');
    for (const t of [production, unset]) {
      const res = await t.origin.app.request('/dev/mailbox?to=ada@example.com');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
