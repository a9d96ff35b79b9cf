/**
 * The edge's signature on the real app: what a captured signed request can and cannot be made
 * to do. Runs on PGlite, and on PostgreSQL under `TEST_DATABASE=postgres`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_CUSTOMER_HASHING, registerCustomer } from '../test/support/customers';
import { INTERNAL_SECRET, startTestOrigin, type TestOrigin } from '../test/support/origin';
import { checkoutPaths } from './checkout/contract';
import { customerPaths } from './customers/contract';
import { SIGNED_HEADERS, signInternalRequest } from './platform/internal-auth';

let t: TestOrigin;
beforeAll(async () => {
  t = await startTestOrigin(FAST_CUSTOMER_HASHING);
});
afterAll(() => t.close());

const send = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
  t.origin.app.request(path, { ...init, headers });

describe('authority headers under the signature', () => {
  it('signs the headers the contracts name as credentials', () => {
    expect(SIGNED_HEADERS).toContain(checkoutPaths.orderTokenHeader);
    expect(SIGNED_HEADERS).toContain(customerPaths.customerTokenHeader);
  });

  it("refuses a captured account read whose x-customer-token was swapped for another shopper's", async () => {
    const [victim, attacker] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
    const captured = await signInternalRequest(INTERNAL_SECRET, 'GET', customerPaths.me, '', {
      headers: { [customerPaths.customerTokenHeader]: attacker.accessToken },
    });
    const own = await send(customerPaths.me, captured);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { id: string }).id).toBe(attacker.customer.id);

    const swapped = await send(customerPaths.me, {
      ...captured,
      [customerPaths.customerTokenHeader]: victim.accessToken,
    });
    expect(swapped.status).toBe(401);
    expect(await swapped.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a credential slipped into a captured request signed without one', async () => {
    const shopper = await registerCustomer(t);
    const captured = await signInternalRequest(INTERNAL_SECRET, 'GET', customerPaths.me);
    const res = await send(customerPaths.me, { ...captured, [customerPaths.customerTokenHeader]: shopper.accessToken });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
