/**
 * Stock never goes below zero and no unit is sold twice, under real concurrency: PostgreSQL,
 * a 60-connection pool and 60 checkouts in flight through the real app (signed
 * `POST /internal/checkout`). A sampler on its own connection watches the stock the whole time.
 * Runs under `npm run test:services` only (PGlite is one session and can never race).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../contract/orders';
import { checkoutRequest, postCheckout, setupShipping, stockedVariant, stockOf } from '../support/checkout';
import { serverDatabase } from '../support/db';
import { type PgTestOrigin, pool, startPgOrigin, tally } from './support/pg-origin';

const POOL_SIZE = 60;
const IN_FLIGHT = 60;

interface Answer {
  outcome: string;
  orderId?: string;
}

async function answer(res: Response): Promise<Answer> {
  const body = (await res.json()) as Partial<CheckoutResponse> & { error?: { code: string } };
  if (res.status === 201) return { outcome: '201', orderId: body.order?.id };
  return { outcome: `${res.status} ${body.error?.code ?? '?'}` };
}

/** Polls the stock of `variantIds` on its own connection until stopped; records every violation. */
function startSampler(url: string, variantIds: string[]) {
  const client = new pg.Client({ connectionString: url });
  const stats = { samples: 0, minAvailable: Number.POSITIVE_INFINITY, violations: [] as unknown[] };
  let stopped = false;
  const running = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ on_hand: number; reserved: number; held: number }>(
        `select l.variant_id, l.on_hand, l.reserved, coalesce(r.held, 0)::int as held
           from inventory_levels l
           left join (select variant_id, sum(quantity) as held from inventory_reservations
                      where status = 'held' group by variant_id) r using (variant_id)
          where l.variant_id = any($1)`,
        [variantIds],
      );
      stats.samples++;
      for (const row of rows) {
        stats.minAvailable = Math.min(stats.minAvailable, row.on_hand - row.reserved);
        const ok = row.on_hand - row.reserved >= 0 && row.reserved <= row.on_hand && row.held === row.reserved;
        if (!ok) stats.violations.push(row);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await client.end();
  })();
  return {
    stats,
    async stop() {
      stopped = true;
      await running;
      return stats;
    },
  };
}

describe.skipIf(!serverDatabase())('checkout under concurrency (PostgreSQL)', () => {
  let t: PgTestOrigin;
  beforeAll(async () => {
    t = await startPgOrigin(POOL_SIZE);
    await setupShipping(t);
  });
  afterAll(() => t?.close());

  const ordersOf = async (variantId: string) =>
    (
      await t.sql<{ n: number }>(`select count(distinct order_id)::int as n from order_lines where variant_id = $1`, [
        variantId,
      ])
    )[0]?.n;

  it('sells exactly 100 of 100 units to 2,000 concurrent shoppers, never going below zero', async () => {
    const v = await stockedVariant(t, 2500, 100);
    const sampler = startSampler(t.url, [v.id]);
    const attempts = 2000;
    const answers = await pool(attempts, IN_FLIGHT, async () =>
      answer(await postCheckout(t, checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]))),
    );
    const stats = await sampler.stop();

    expect(tally(answers.map((a) => a.outcome))).toEqual({ '201': 100, '409 out_of_stock': 1900 });
    expect(new Set(answers.map((a) => a.orderId).filter(Boolean)).size).toBe(100);
    expect(await stockOf(t, v.id)).toMatchObject({ onHand: 100, reserved: 100, available: 0 });
    expect(await ordersOf(v.id)).toBe(100);
    expect(stats.violations).toEqual([]);
    expect(stats.samples).toBeGreaterThan(20);
    expect(stats.minAvailable).toBe(0);
    expect(t.errors).toEqual([]);
    // 2,000 checkouts take 10–30 s on a busy 2-core machine; the claim is about counts, not time.
  }, 120_000);

  it('has the database refuse negative stock whatever the application does', async () => {
    const v = await stockedVariant(t, 2500, 5);
    const refused = async (text: string) => {
      const e = await t.sql(text, [v.id]).then(
        () => null,
        (err: { code?: string; constraint?: string }) => err,
      );
      return e && { code: e.code, constraint: e.constraint };
    };
    expect(await refused('update inventory_levels set reserved = on_hand + 1 where variant_id = $1')).toEqual({
      code: '23514',
      constraint: 'inventory_reserved_check',
    });
    expect(await refused('update inventory_levels set on_hand = -1, reserved = 0 where variant_id = $1')).toMatchObject(
      {
        code: '23514',
      },
    );
    expect(await refused('update inventory_levels set reserved = -1 where variant_id = $1')).toEqual({
      code: '23514',
      constraint: 'inventory_reserved_check',
    });
    expect(await stockOf(t, v.id)).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('turns 50 concurrent identical requests (same cart, same key) into one order', async () => {
    const v = await stockedVariant(t, 2500, 10);
    const req = checkoutRequest([{ variantId: v.id, quantity: 2, unitPrice: 2500 }]);
    const answers = await Promise.all(Array.from({ length: 50 }, async () => answer(await postCheckout(t, req))));
    expect(tally(answers.map((a) => a.outcome))).toEqual({ '201': 50 });
    expect(new Set(answers.map((a) => a.orderId)).size).toBe(1);
    expect(await t.sql('select id from orders where cart_id = $1', [req.cartId])).toEqual([
      { id: answers[0]?.orderId },
    ]);
    expect(await stockOf(t, v.id)).toMatchObject({ onHand: 10, reserved: 2 });
  });

  it('places one order for 20 concurrent checkouts of one cart under different keys', async () => {
    const v = await stockedVariant(t, 2500, 100);
    const req = checkoutRequest([{ variantId: v.id, quantity: 1, unitPrice: 2500 }]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        answer(await postCheckout(t, { ...req, idempotencyKey: `${req.idempotencyKey}-${i}` })),
      ),
    );
    expect(tally(answers.map((a) => a.outcome))).toEqual({ '201': 1, '409 cart_already_ordered': 19 });
    expect(await t.sql('select id from orders where cart_id = $1', [req.cartId])).toHaveLength(1);
    expect(await stockOf(t, v.id)).toMatchObject({ onHand: 100, reserved: 1 });
  });

  it('does not deadlock when concurrent orders list the same three variants in different orders', async () => {
    const vs = [
      await stockedVariant(t, 1000, 150),
      await stockedVariant(t, 1200, 150),
      await stockedVariant(t, 1500, 150),
    ];
    const perms = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const prices = [1000, 1200, 1500];
    const sampler = startSampler(
      t.url,
      vs.map((v) => v.id),
    );
    const answers = await pool(240, IN_FLIGHT, async (i) => {
      const lines = (perms[i % 6] ?? []).map((k) => ({
        variantId: (vs[k] as { id: string }).id,
        quantity: 1,
        unitPrice: prices[k] as number,
      }));
      return answer(await postCheckout(t, checkoutRequest(lines)));
    });
    const stats = await sampler.stop();
    expect(t.errors).toEqual([]);
    expect(tally(answers.map((a) => a.outcome))).toEqual({ '201': 150, '409 out_of_stock': 90 });
    for (const v of vs) {
      expect(await stockOf(t, v.id)).toMatchObject({ onHand: 150, reserved: 150, available: 0 });
      expect(await ordersOf(v.id)).toBe(150);
    }
    const partial = await t.sql(
      `select order_id from inventory_reservations where variant_id = any($1) group by order_id having count(*) <> 3`,
      [vs.map((v) => v.id)],
    );
    expect(partial).toEqual([]);
    expect(stats.violations).toEqual([]);
  });
});
