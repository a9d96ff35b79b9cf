/**
 * An acknowledged order is never lost: the origin (its own Bun process, PostgreSQL) takes load
 * from 30 clients, is SIGKILLed mid-load and restarted on the same database; clients retry
 * unanswered requests with the same key. Every acknowledged order must be there exactly once,
 * stock must balance, and the restarted relay must deliver what was pending at the crash.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutRequest } from '../../contract/orders';
import type { AdminProduct } from '../../origin/catalog/catalog.schemas';
import { getFreePort, type ManagedProcess, startOrigin } from '../../scripts/lib/stack.mjs';
import { checkoutRequest } from '../support/checkout';
import { originProcessEnv, serverDatabase } from '../support/db';
import { adminCall } from '../support/http';
import { productInput } from '../support/origin';
import { createScratchDatabase } from '../support/postgres';
import { type Answer, checkoutOverHttp, deferred, type EdgeRecorder, startEdgeRecorder } from './support/edge-recorder';
import { tally } from './support/pg-origin';

const SECRET = 'crash-test-internal-secret';
const TOKEN = 'crash-test-admin-token';
/**
 * Enough checkouts that the load still runs when the kill lands: the kill waits for a publish the
 * relay holds (up to a few seconds on a busy machine) after the KILL_AFTER-th order.
 */
const REQUESTS = 1500;
const CLIENTS = 30;
const KILL_AFTER = 150;
const STOCK = 1000;

describe.skipIf(!serverDatabase())('origin killed mid-checkout (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let db: pg.Client;
  let edge: EdgeRecorder;
  let port: number;
  const procs: ManagedProcess[] = [];
  const sql = async <T>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  const start = async () => {
    const o = await startOrigin({
      port,
      databaseUrl: scratch.url,
      adminToken: TOKEN,
      internalSecret: SECRET,
      edgeUrl: edge.url,
      // Every order republishes its product's stock to the (slow) edge, so catalog publishes are
      // in flight the whole time: the relay holds claims on them when the kill lands.
      env: { OUTBOX_POLL_MS: '200', DATABASE_POOL_SIZE: '20', LOW_STOCK_THRESHOLD: '1000000', ...originProcessEnv() },
      timeoutMs: 30_000,
    });
    procs.push(o.proc);
    return o;
  };

  // Filled by the load run, checked by the tests below.
  const final = new Map<string, { req: CheckoutRequest; answer: Answer; tries: number }>();
  let pendingAtCrash: string[] = [];
  let leasedAtCrash = 0;
  let crashNote = '';
  let ordersAtCrash = 0;
  const variantIds: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    edge = await startEdgeRecorder(SECRET, 250); // a slow edge: the kill lands mid-publish
    port = await getFreePort();
    let origin = await start();
    const admin = <T>(method: string, path: string, body?: unknown) =>
      adminCall<T>(origin.url, TOKEN, method, path, body);
    const zone = await admin<{ id: string }>('POST', '/admin/shipping-zones', { name: 'US', countries: ['US'] });
    await admin('POST', '/admin/shipping-methods', { zoneId: zone.id, name: 'Std', amount: 500, currency: 'USD' });
    for (let i = 0; i < 3; i++) {
      const input = productInput({}, 1, 2500);
      (input.variants[0] as { stock: number }).stock = STOCK;
      const product = await admin<AdminProduct>('POST', '/admin/products', input);
      variantIds.push((product.variants[0] as { id: string }).id);
    }

    let up = deferred();
    up.resolve();
    let crashed = false;
    let ok = 0;
    /**
     * Outbox rows a relay claimed and has not acknowledged: their lease (30 s from the claim) is
     * running, which a failed delivery's backoff (under a second at first) does not look like.
     */
    const claimed = async () =>
      sql<{ id: string; topic: string }>(
        `select id, topic from outbox_events
          where status = 'pending' and available_at > now() + interval '20 seconds'`,
      );
    const crash = async () => {
      // Kill while the relay holds a claim it cannot have acknowledged yet: from here on the edge
      // answers publishes after 8 s (under the publisher's 10 s timeout), so once it holds one,
      // the batch that sent it stays claimed for 8 s. A claim merely seen in the table does not
      // do: its publish may have gone out before the switch and be answered (and the rows
      // acknowledged) within 250 ms, before the kill lands.
      edge.setDelay(8_000);
      const ready = async () => edge.holding(8_000) > 0 && (await claimed()).length > 0;
      const deadline = Date.now() + 30_000;
      let held = await ready();
      while (!held && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        held = await ready();
      }
      if (!held) crashNote = 'the edge held no publish of a claimed batch within 30 s; ';
      up = deferred();
      process.kill(await origin.proc.pid, 'SIGKILL');
      await origin.proc.exited;
      edge.setDelay(250);
      ordersAtCrash = Number((await sql<{ n: number }>('select count(*)::int as n from orders'))[0]?.n);
      const pending = await sql<{ id: string; leased: boolean }>(
        `select id, available_at > now() as leased from outbox_events where status = 'pending'`,
      );
      pendingAtCrash = pending.map((r) => r.id);
      leasedAtCrash = pending.filter((r) => r.leased).length;
      if (!leasedAtCrash) crashNote += `no claim held at the kill; origin said: ${origin.proc.output(30)}`;
      origin = await start();
      up.resolve();
    };

    const jobs = Array.from({ length: REQUESTS }, (_, i) =>
      checkoutRequest([{ variantId: variantIds[i % 3] as string, quantity: 1, unitPrice: 2500 }]),
    );
    let next = 0;
    const client = async () => {
      for (let i = next++; i < jobs.length; i = next++) {
        const req = jobs[i] as CheckoutRequest;
        let answer: Answer = null;
        let tries = 0;
        while (answer === null && tries < 5) {
          await up.promise;
          tries++;
          answer = await checkoutOverHttp(origin.url, SECRET, req); // same cart, same key on a retry
        }
        final.set(req.cartId, { req, answer, tries });
        if (answer?.status === 201 && ++ok === KILL_AFTER && !crashed) {
          crashed = true;
          void crash();
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const retried = [...final.values()].filter((a) => a.tries > 1).length;
    console.log(
      `crash: ${REQUESTS} checkouts in ${Date.now() - started} ms; ${ordersAtCrash} orders at the kill; ` +
        `${retried} retried after it; ${pendingAtCrash.length} events pending (${leasedAtCrash} leased)`,
    );
  }, 80_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop({ graceMs: 3000 })));
    await edge?.close();
    await db?.end().catch(() => {});
    await scratch?.drop();
  });

  it('answers every request in the end, retries included, and the crash cut some off', () => {
    const answers = [...final.values()];
    expect(answers).toHaveLength(REQUESTS);
    expect(tally(answers.map((a) => String(a.answer?.status ?? 'no answer')))).toEqual({ '201': REQUESTS });
    expect(answers.filter((a) => a.tries > 1).length).toBeGreaterThan(0);
    expect(ordersAtCrash).toBeGreaterThanOrEqual(KILL_AFTER);
  });

  it('holds every acknowledged order exactly once, and nothing else', async () => {
    const rows = await sql<{ id: string; cart_id: string }>('select id, cart_id from orders');
    const byCart = new Map(rows.map((r) => [r.cart_id, r.id]));
    const acknowledged = [...final.values()].filter((a) => a.answer?.status === 201);
    for (const a of acknowledged) expect(byCart.get(a.req.cartId), a.req.cartId).toBe(a.answer?.orderId);
    expect(rows).toHaveLength(new Set(acknowledged.map((a) => a.answer?.orderId)).size);
    const retried = [...final.values()].filter((a) => a.tries > 1);
    for (const a of retried) expect(rows.filter((r) => r.cart_id === a.req.cartId)).toHaveLength(1);
    expect(await sql('select scope from idempotency_keys where response_status <> 201')).toEqual([]);
  });

  it('balances stock: nothing sold, reserved = what the orders hold', async () => {
    const levels = await sql<{ variant_id: string; on_hand: number; reserved: number; held: number; ordered: number }>(
      `select l.variant_id, l.on_hand, l.reserved,
              (select coalesce(sum(quantity), 0)::int from inventory_reservations r
                where r.variant_id = l.variant_id and r.status = 'held') as held,
              (select coalesce(sum(quantity), 0)::int from order_lines ol
                where ol.variant_id = l.variant_id) as ordered
         from inventory_levels l where l.variant_id = any($1)`,
      [variantIds],
    );
    expect(levels).toHaveLength(3);
    for (const l of levels) expect(l).toMatchObject({ on_hand: STOCK, reserved: l.ordered, held: l.ordered });
    expect(levels.reduce((n, l) => n + l.reserved, 0)).toBe(REQUESTS);
  });

  /** Outbox rows (of `ids`, or all) not delivered yet, by topic and status, once none are or `ms` have passed. */
  async function undelivered(ids: string[] | null, ms: number) {
    const deadline = Date.now() + ms;
    for (;;) {
      const left = await sql(
        `select topic, status, count(*)::int as n, max(last_error) as last_error from outbox_events
          where ($1::text[] is null or id = any($1)) and status <> 'delivered' group by 1, 2 order by 1, 2`,
        [ids],
      );
      if (left.length === 0 || Date.now() > deadline) return left;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('delivers, after the restart, the events pending at the crash, claimed ones included', async () => {
    expect(pendingAtCrash.length).toBeGreaterThan(0);
    expect(leasedAtCrash, crashNote).toBeGreaterThan(0); // claimed by the killed relay, never acknowledged
    // A crashed relay's claims come back when their lease (30 s) runs out.
    expect(await undelivered(pendingAtCrash, 45_000)).toEqual([]);
    expect(edge.counts.refused).toBe(0);
  }, 60_000);

  it('delivers every outbox event, whatever its topic', async () => {
    expect(await undelivered(null, 10_000)).toEqual([]);
  }, 20_000);
});
