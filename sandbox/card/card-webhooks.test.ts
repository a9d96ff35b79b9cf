import { afterEach, expect, it } from 'vitest';
import { type KitOptions, startCardSandbox, verifySignature, WEBHOOK_URL } from './card-test-kit';

interface EventItem {
  id: string;
  type: string;
  data: { object: { id: string; status: string } };
  delivery: { status: string; attempts: number; lastStatus: number | null };
}

let kit = startCardSandbox();
afterEach(() => restart());

function restart(options: KitOptions = {}) {
  kit.sandbox.close();
  kit = startCardSandbox(options);
}

const events = async (intentId: string) =>
  (await kit.call<{ items: EventItem[] }>('GET', `/v1/events?paymentIntent=${intentId}`)).body.items;

it('signs every webhook so that the receiver can verify it with the webhook secret', async () => {
  const intent = await kit.settledIntent('tok_visa');
  expect(kit.received).toHaveLength(2);
  for (const { url, event, signatureValid } of kit.received) {
    expect(url).toBe(WEBHOOK_URL);
    expect(signatureValid).toBe(true);
    expect(event.id).toMatch(/^evt_\w+$/);
    expect(event.data.object.id).toBe(intent.id);
  }
});

it('produces signatures that another secret or an altered body does not verify', async () => {
  let header: string | null = null;
  let body = '';
  restart({
    fetch: (async (_url, init) => {
      header = new Headers(init?.headers).get('sandbox-signature');
      body = String(init?.body);
      return new Response(null, { status: 200 });
    }) as typeof fetch,
  });
  await kit.settledIntent('tok_decline');
  expect(verifySignature(header, body)).toBe(true);
  expect(verifySignature(header, body, 'whsec_other')).toBe(false);
  expect(verifySignature(header, body.replace('card_declined', 'card_approved'))).toBe(false);
});

it('retries a receiver that answers 500, then stops once it answers 200', async () => {
  restart({ answer: (_event, attempt) => (attempt === 1 ? 500 : 200) });
  const intent = await kit.settledIntent('tok_decline');
  expect(kit.received.map((r) => [r.event.type, r.status, r.signatureValid])).toEqual([
    ['payment_intent.failed', 500, true],
    ['payment_intent.failed', 200, true],
  ]);
  expect((await events(intent.id))[0]?.delivery).toEqual({ status: 'delivered', attempts: 2, lastStatus: 200 });
});

it('gives up after the last attempt and reports the delivery as failed', async () => {
  restart({ answer: () => 503, maxAttempts: 3 });
  const intent = await kit.settledIntent('tok_decline');
  expect(kit.received).toHaveLength(3);
  expect((await events(intent.id))[0]?.delivery).toEqual({ status: 'failed', attempts: 3, lastStatus: 503 });
});

it('delivers the events of one intent in order even while an earlier one is being retried', async () => {
  restart({
    answer: async (event, attempt) => {
      if (event.type !== 'payment_intent.authorized' || attempt > 2) return 200;
      await new Promise((r) => setTimeout(r, 20));
      return 500;
    },
  });
  const intent = await kit.settledIntent('tok_visa');
  expect(kit.received.map((r) => [r.event.type, r.status])).toEqual([
    ['payment_intent.authorized', 500],
    ['payment_intent.authorized', 500],
    ['payment_intent.authorized', 200],
    ['payment_intent.captured', 200],
  ]);
  expect(kit.delivered(intent.id)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
});

it('lists the events of one intent in send order with their delivery state', async () => {
  const intent = await kit.settledIntent('tok_visa');
  const other = await kit.settledIntent('tok_decline');
  const items = await events(intent.id);
  expect(items.map((e) => e.type)).toEqual(['payment_intent.authorized', 'payment_intent.captured']);
  expect(items[1]).toMatchObject({
    data: { object: { id: intent.id, status: 'captured' } },
    delivery: { status: 'delivered', attempts: 1, lastStatus: 200 },
  });
  expect((await events(other.id)).map((e) => e.type)).toEqual(['payment_intent.failed']);
  const all = await kit.call<{ items: EventItem[] }>('GET', '/v1/events');
  expect(all.body.items).toHaveLength(3);
});

it('resends an event as a redelivery of the same event, freshly signed', async () => {
  const intent = await kit.settledIntent('tok_visa');
  const [first] = await events(intent.id);
  const res = await kit.call('POST', `/v1/events/${first?.id}/resend`);
  expect(res).toMatchObject({ status: 200, body: { status: 200 } });
  await kit.sandbox.idle();
  const copies = kit.received.filter((r) => r.event.id === first?.id);
  expect(copies).toHaveLength(2);
  expect(copies[1]?.signatureValid).toBe(true);
  expect(copies[1]?.event).toEqual(copies[0]?.event);
});

it('reports a null status when the receiver cannot be reached on resend', async () => {
  let reachable = true;
  restart({
    answer: () => {
      if (!reachable) throw new Error('connection refused');
      return 200;
    },
  });
  const intent = await kit.settledIntent('tok_decline');
  reachable = false;
  const [event] = await events(intent.id);
  expect((await kit.call('POST', `/v1/events/${event?.id}/resend`)).body).toEqual({ status: null });
});

it('answers 404 when resending an unknown event', async () => {
  const res = await kit.call('POST', '/v1/events/evt_missing/resend');
  expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
});
