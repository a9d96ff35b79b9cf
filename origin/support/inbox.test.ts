import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTicket } from '../../contract/chat-ticket';
import { conversationMessages } from '../../db/schema/support';
import { startTestOrigin, type TestOrigin } from '../../test/support/origin';
import { FAST_HASHING, staffSession } from '../../test/support/staff';
import { newConversationId, shopperMessage, standInEdge, sync, syncPayload } from '../../test/support/support';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON bodies field by field
type Body = any;

let t: TestOrigin;
let edgeCalls: { path: string; body: unknown }[];
beforeAll(async () => {
  t = await startTestOrigin(FAST_HASHING);
  edgeCalls = standInEdge(t, () => 2);
});
afterAll(() => t.close());

const messagesOf = async (id: string) =>
  (
    await t.origin.ctx.db
      .select({ n: count() })
      .from(conversationMessages)
      .where(eq(conversationMessages.conversationId, id))
  )[0]?.n;

describe('the agent inbox', () => {
  it('keeps the conversation objects’ copies, each message once however often it is synced', async () => {
    const id = newConversationId();
    const first = syncPayload(id, [shopperMessage(id, 1, 'Hello'), shopperMessage(id, 2, 'My parcel is late')]);
    expect(await (await sync(t, first)).json()).toEqual({ stored: 2 });
    expect(await (await sync(t, first)).json()).toEqual({ stored: 0 }); // a retry after a lost answer
    expect(await (await sync(t, syncPayload(id, [shopperMessage(id, 1, 'Hello')]))).json()).toEqual({ stored: 0 });
    expect(await messagesOf(id)).toBe(2);
    const view: Body = await (await t.admin('GET', `/admin/conversations/${id}`)).json();
    expect(view).toMatchObject({
      id,
      status: 'open',
      name: 'Ada',
      email: 'ada@example.com',
      awaitingReply: true,
      messageCount: 2,
    });
    expect(view.messages.map((m: { seq: number; body: string }) => [m.seq, m.body])).toEqual([
      [1, 'Hello'],
      [2, 'My parcel is late'],
    ]);
  });

  it('answers through the conversation object and keeps the answer; the customer no longer waits', async () => {
    const support = await staffSession(t, 'support');
    const id = newConversationId();
    await sync(t, syncPayload(id, [shopperMessage(id, 1), shopperMessage(id, 2)]));
    const res = await support.call('POST', `/admin/conversations/${id}/messages`, { body: 'It ships today' });
    expect(res.status).toBe(201);
    const message: Body = await res.json();
    expect(message).toMatchObject({ seq: 3, author: 'agent', authorName: 'Support', body: 'It ships today' });
    expect(edgeCalls.at(-1)).toEqual({
      path: `/internal/conversations/${id}/messages`,
      body: { authorName: 'Support', body: 'It ships today' },
    });
    const view: Body = await (await t.admin('GET', `/admin/conversations/${id}`)).json();
    expect(view).toMatchObject({ awaitingReply: false, messageCount: 3 });
    // the object syncs the agent's message back later: nothing doubles
    await sync(t, syncPayload(id, [message]));
    expect(await messagesOf(id)).toBe(3);
  });

  it('lists by latest activity, filtered by status, assignee and who wrote last, a page at a time', async () => {
    const support = await staffSession(t, 'support');
    const ids = [newConversationId(), newConversationId(), newConversationId()];
    for (const [i, id] of ids.entries()) {
      const at = new Date(Date.UTC(2031, 0, 1, i)).toISOString();
      await sync(t, syncPayload(id, [{ ...shopperMessage(id, 1), at }]));
    }
    expect((await support.call('POST', `/admin/conversations/${ids[0]}/assign`)).status).toBe(200);
    const mine: Body = await (await support.call('GET', '/admin/conversations?assignedTo=me')).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const first: Body = await (await t.admin('GET', '/admin/conversations?limit=2&awaitingReply=true')).json();
    expect(first.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const second: Body = await (
      await t.admin('GET', `/admin/conversations?limit=2&awaitingReply=true&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items[0].id).toBe(ids[0]);
    const unassigned: Body = await (await t.admin('GET', '/admin/conversations?assignedTo=none&limit=100')).json();
    expect(unassigned.items.map((c: { id: string }) => c.id)).not.toContain(ids[0]);
    // the root token is no staff member: "me" means nobody
    expect((await t.admin('GET', '/admin/conversations?assignedTo=me')).status).toBe(409);
  });

  it('closes and reopens through the object, and hands agents a ticket for the live socket', async () => {
    const id = newConversationId();
    await sync(t, syncPayload(id, [shopperMessage(id, 1)]));
    const closed = await t.admin('POST', `/admin/conversations/${id}/close`);
    expect(await closed.json()).toMatchObject({ status: 'closed' });
    expect(edgeCalls.at(-1)).toEqual({ path: `/internal/conversations/${id}/status`, body: { status: 'closed' } });
    expect(await (await t.admin('POST', `/admin/conversations/${id}/reopen`)).json()).toMatchObject({ status: 'open' });

    const ticket: Body = await (await t.admin('POST', `/admin/conversations/${id}/ticket`)).json();
    expect(ticket.url).toMatch(new RegExp(`^ws://localhost:8787/api/conversations/${id}/ws\\?ticket=`));
    expect(await verifyTicket(t.config.internalSecret, ticket.ticket, id)).toMatchObject({
      role: 'agent',
      name: 'Support',
    });
  });

  it('reports the edge’s refusals and outages to the agent, and keeps nothing then', async () => {
    const id = newConversationId();
    await sync(t, syncPayload(id, [shopperMessage(id, 1)]));
    const saved = t.conversationEdge.handle;
    t.conversationEdge.handle = () =>
      Response.json({ error: { code: 'conversation_full', message: 'full' } }, { status: 409 });
    const full = await t.admin('POST', `/admin/conversations/${id}/messages`, { body: 'Hello?' });
    expect(full.status).toBe(409);
    t.edgeFailure.status = 503;
    const down = await t.admin('POST', `/admin/conversations/${id}/messages`, { body: 'Hello?' });
    expect(down.status).toBe(502);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('edge_unavailable');
    t.edgeFailure.status = null;
    t.conversationEdge.handle = saved;
    expect(await messagesOf(id)).toBe(1);
    const unknown = await t.admin('POST', `/admin/conversations/${newConversationId()}/messages`, { body: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('refuses malformed sync batches and input with 4xx', async () => {
    const id = newConversationId();
    const bad = [
      { ...syncPayload(id, []), extra: 1 },
      syncPayload(id, [{ ...shopperMessage(id, 1), body: '' }]),
      syncPayload(id, [{ ...shopperMessage(id, 1), author: 'admin' as never }]),
      syncPayload(newConversationId(), []),
    ];
    for (const payload of bad) expect((await sync(t, payload, id)).status).toBe(400);
    for (const [method, path, body] of [
      ['POST', `/admin/conversations/${id}/messages`, { body: '' }],
      ['POST', `/admin/conversations/${id}/assign`, { staffId: 'nobody' }],
      ['GET', '/admin/conversations?cursor=bm9wZQ', undefined],
      ['GET', '/admin/conversations?status=pending', undefined],
    ] as const) {
      const res = await t.admin(method, path, body);
      expect(res.status, path).toBe(400);
    }
    const ghost = await t.admin('POST', `/admin/conversations/${id}/assign`, { staffId: 'stf_0000000000GHOST' });
    expect(ghost.status).toBe(404);
  });
});
