/**
 * Concurrent shipment requests for the same order cannot ship a unit twice: the plan is made
 * under the order's row lock. Needs real concurrency, so it runs on PostgreSQL only
 * (`npm run test:services`: PostgreSQL through `pg` and through the Neon driver); PGlite is one session and cannot race.
 */
import { eq, sum } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipmentLines } from '../../db/schema/logistics';
import { type CarrierTest, codOrder, setupShipping, ship, startCarrierTest } from '../../test/support/carrier';
import { serverDatabase } from '../../test/support/db';

const IN_FLIGHT = 12;

describe.skipIf(!serverDatabase())('concurrent shipment creation (PostgreSQL)', () => {
  let c: CarrierTest;
  beforeAll(async () => {
    c = await startCarrierTest();
    await setupShipping(c.t);
  });
  afterAll(() => c.close());

  const shippedUnits = async (orderId: string) =>
    Number(
      (
        await c.t.origin.ctx.db
          .select({ n: sum(shipmentLines.quantity) })
          .from(shipmentLines)
          .where(eq(shipmentLines.orderId, orderId))
      )[0]?.n ?? 0,
    );

  async function race(orderId: string, body?: Record<string, unknown>) {
    const answers = await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        const res = await ship(c.t, orderId, body);
        const json = (await res.json()) as { error?: { code: string } };
        return `${res.status}${json.error ? ` ${json.error.code}` : ''}`;
      }),
    );
    const tally: Record<string, number> = {};
    for (const a of answers) tally[a] = (tally[a] ?? 0) + 1;
    return tally;
  }

  it('lets only as many partial shipments through as there are units', async () => {
    for (let round = 0; round < 3; round++) {
      const { placed } = await codOrder(c.t, [5]);
      const tally = await race(placed.order.id, { lines: [{ lineNo: 1, quantity: 2 }] });
      expect(tally).toEqual({ '201': 2, '422 quantity_exceeds_unshipped': IN_FLIGHT - 2 });
      expect(await shippedUnits(placed.order.id)).toBe(4);
    }
  });

  it('gives "everything left" to exactly one of many concurrent requests', async () => {
    const { placed } = await codOrder(c.t, [3, 2]);
    const tally = await race(placed.order.id);
    expect(tally).toEqual({ '201': 1, '409 order_not_shippable': IN_FLIGHT - 1 });
    expect(await shippedUnits(placed.order.id)).toBe(5);
  });

  it('commits each parcel’s units exactly once when its departures arrive together and twice', async () => {
    const { placed, variants } = await codOrder(c.t, [4]);
    const orderId = placed.order.id;
    const parcels = [];
    for (let i = 0; i < 2; i++) {
      const res = await ship(c.t, orderId, { lines: [{ lineNo: 1, quantity: 2 }] });
      parcels.push(((await res.json()) as { id: string }).id);
    }
    const marks = await Promise.all(
      [...parcels, ...parcels, ...parcels].map((id) => c.t.admin('POST', `/admin/shipments/${id}/mark-shipped`)),
    );
    expect(marks.map((m) => m.status)).toEqual(Array(6).fill(200));
    const stock = (await (await c.t.admin('GET', `/admin/inventory/${variants[0]?.id}`)).json()) as {
      onHand: number;
      reserved: number;
    };
    expect(stock).toMatchObject({ onHand: 6, reserved: 0 });
  });
});
