import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { customers, customerTokens } from '../../db/schema/customers';
import { staff, staffSessions } from '../../db/schema/members';
import { outboxEvents, processedEvents } from '../../db/schema/outbox';
import { webhookReceipts } from '../../db/schema/webhooks';
import { createTestDatabase, serverDatabase } from '../../test/support/db';
import { startTestOrigin } from '../../test/support/origin';
import { PRUNE_RULES } from '../prune-rules';
import { pruneExpiredRows, retentionOf, startHousekeeping } from './housekeeping';
import type { Logger } from './logger';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.insert(customers).values({ id: 'cus_hk', email: 'hk@example.com', passwordHash: 'x' });
  await handle.db.insert(staff).values({ id: 'stf_hk', email: 'hk@example.com', role: 'owner', passwordHash: 'x' });
});
afterAll(() => handle.close());

const RETENTION_MS = retentionOf(PRUNE_RULES) as Record<'outboxEvents' | 'processedEvents' | 'webhookReceipts', number>;
const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const ahead = (ms: number) => new Date(NOW.getTime() + ms);

beforeEach(async () => {
  const { db } = handle;
  await db.execute(sql`truncate outbox_events, processed_events, webhook_receipts, customer_tokens, staff_sessions`);
});

/** Ids left in each table, sorted. */
async function remaining() {
  const { db } = handle;
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  return {
    outbox: ids(await db.select({ id: outboxEvents.id }).from(outboxEvents)),
    processed: ids(await db.select({ id: processedEvents.eventId }).from(processedEvents)),
    receipts: ids(await db.select({ id: webhookReceipts.eventId }).from(webhookReceipts)),
    tokens: ids(await db.select({ id: customerTokens.tokenHash }).from(customerTokens)),
    sessions: ids(await db.select({ id: staffSessions.tokenHash }).from(staffSessions)),
  };
}

function outboxRow(id: string, status: 'pending' | 'delivered' | 'dead', deliveredAt: Date | null) {
  return { id, topic: 'test.happened', aggregateId: id, status, deliveredAt, createdAt: ago(60 * DAY) };
}

describe('pruneExpiredRows', () => {
  it('deletes only the rows past their retention, and never pending or dead outbox rows', async () => {
    const { db } = handle;
    await db
      .insert(outboxEvents)
      .values([
        outboxRow('evt_old_delivered', 'delivered', ago(RETENTION_MS.outboxEvents + 1000)),
        outboxRow('evt_new_delivered', 'delivered', ago(RETENTION_MS.outboxEvents - 1000)),
        outboxRow('evt_old_pending', 'pending', null),
        outboxRow('evt_old_dead', 'dead', null),
      ]);
    await db.insert(processedEvents).values([
      { consumer: 'c', eventId: 'old', processedAt: ago(RETENTION_MS.processedEvents + 1000) },
      { consumer: 'c', eventId: 'new', processedAt: ago(RETENTION_MS.processedEvents - 1000) },
      // Old, but their events may still be (re)played: a dead letter and a pending retry.
      { consumer: 'c', eventId: 'evt_old_dead', processedAt: ago(RETENTION_MS.processedEvents + 1000) },
      { consumer: 'c', eventId: 'evt_old_pending', processedAt: ago(RETENTION_MS.processedEvents + 1000) },
    ]);
    await db.insert(webhookReceipts).values([
      { source: 's', eventId: 'old', signatureHash: 'h', receivedAt: ago(RETENTION_MS.webhookReceipts + 1000) },
      { source: 's', eventId: 'new', signatureHash: 'h', receivedAt: ago(RETENTION_MS.webhookReceipts - 1000) },
    ]);
    await db.insert(customerTokens).values([
      { tokenHash: 'expired_long_ago', customerId: 'cus_hk', purpose: 'reset_password', expiresAt: ago(2 * DAY) },
      // Expired, but recently: kept, so a late click reads "expired", not "unknown".
      { tokenHash: 'expired_recently', customerId: 'cus_hk', purpose: 'verify_email', expiresAt: ago(DAY / 2) },
      { tokenHash: 'live', customerId: 'cus_hk', purpose: 'verify_email', expiresAt: ahead(DAY), usedAt: ago(1000) },
    ]);
    await db.insert(staffSessions).values([
      { tokenHash: 'expired', staffId: 'stf_hk', expiresAt: ago(1000) },
      { tokenHash: 'live', staffId: 'stf_hk', expiresAt: ahead(1000) },
    ]);

    const counts = await pruneExpiredRows(db, PRUNE_RULES, NOW);

    expect(counts).toEqual({
      outboxEvents: 1,
      processedEvents: 1,
      webhookReceipts: 1,
      customerTokens: 1,
      staffSessions: 1,
    });
    expect(await remaining()).toEqual({
      outbox: ['evt_new_delivered', 'evt_old_dead', 'evt_old_pending'],
      processed: ['evt_old_dead', 'evt_old_pending', 'new'],
      receipts: ['new'],
      tokens: ['expired_recently', 'live'],
      sessions: ['live'],
    });
    // A second pass finds nothing more.
    expect(Object.values(await pruneExpiredRows(db, PRUNE_RULES, NOW)).every((n) => n === 0)).toBe(true);
  });

  it('works through a backlog in batches', async () => {
    const { db } = handle;
    const old = ago(RETENTION_MS.processedEvents + DAY);
    await db
      .insert(processedEvents)
      .values(Array.from({ length: 25 }, (_, i) => ({ consumer: 'c', eventId: `e${i}`, processedAt: old })));
    expect((await pruneExpiredRows(db, PRUNE_RULES, NOW, 4)).processedEvents).toBe(25);
    expect((await remaining()).processed).toEqual([]);
  });

  it.runIf(serverDatabase())(
    'lets concurrent passes (several origin instances) share the work without errors',
    async () => {
      const { db } = handle;
      const old = ago(RETENTION_MS.webhookReceipts + DAY);
      await db.insert(webhookReceipts).values(
        Array.from({ length: 400 }, (_, i) => ({
          source: 's',
          eventId: `r${i}`,
          signatureHash: 'h',
          receivedAt: old,
        })),
      );
      await db.insert(webhookReceipts).values({ source: 's', eventId: 'keep', signatureHash: 'h', receivedAt: NOW });
      const passes = await Promise.all(Array.from({ length: 4 }, () => pruneExpiredRows(db, PRUNE_RULES, NOW, 10)));
      // Each row went exactly once, whichever pass took it.
      expect(passes.reduce((n, p) => n + (p.webhookReceipts ?? 0), 0)).toBe(400);
      expect((await remaining()).receipts).toEqual(['keep']);
    },
  );
});

describe('startHousekeeping', () => {
  it('is started by the origin unless HOUSEKEEPING_INTERVAL_SECONDS is 0, and stopped by close()', async () => {
    const on = await startTestOrigin({ HOUSEKEEPING_INTERVAL_SECONDS: '3600' });
    const off = await startTestOrigin({ HOUSEKEEPING_INTERVAL_SECONDS: '0' });
    expect(on.origin.housekeeping).not.toBeNull();
    expect(off.origin.housekeeping).toBeNull();
    expect(on.origin.ctx.config.housekeepingIntervalSeconds).toBe(3600);
    await Promise.all([on.origin.close(), off.origin.close()]);
  });

  it('runs a pass on demand, logs what it pruned, and stops cleanly', async () => {
    const { db } = handle;
    await db
      .insert(staffSessions)
      .values({ tokenHash: 'gone', staffId: 'stf_hk', expiresAt: new Date(Date.now() - 1000) });
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const log: Logger = {
      info: (m, f) => lines.push([m, f]),
      warn: (m, f) => lines.push([m, f]),
      error: (m, f) => lines.push([m, f]),
    };
    const housekeeping = startHousekeeping({ db, log, intervalMs: 3_600_000, rules: PRUNE_RULES });
    const counts = await housekeeping.runOnce();
    await housekeeping.stop();
    expect(counts?.staffSessions).toBe(1);
    expect(lines).toEqual([['housekeeping: pruned expired rows', expect.objectContaining({ staffSessions: 1 })]]);
    const left = await db
      .select()
      .from(staffSessions)
      .where(inArray(staffSessions.tokenHash, ['gone']));
    expect(left).toEqual([]);
  });

  it('logs a failed pass instead of throwing', async () => {
    const lines: string[] = [];
    const log: Logger = { info: () => {}, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const broken = {
      execute: () => Promise.reject(new Error('database unreachable')),
    } as unknown as DatabaseHandle['db'];
    const housekeeping = startHousekeeping({ db: broken, log, intervalMs: 3_600_000, rules: PRUNE_RULES });
    expect(await housekeeping.runOnce()).toBeNull();
    await housekeeping.stop();
    expect(lines).toEqual(['housekeeping failed; retrying at the next interval']);
  });
});
