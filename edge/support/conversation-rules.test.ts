import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX_LENGTH } from '../../contract/support';
import {
  appendMessage,
  type ConversationState,
  MAX_MESSAGES,
  messageBody,
  messageId,
  newConversation,
  SHOPPER_BURST,
  SHOPPER_WINDOW_MS,
  shopperName,
  toConversation,
  visibleTo,
  withStatus,
} from './conversation-rules';

const T0 = Date.UTC(2030, 0, 1, 12);
const fresh = (customerId: string | null = null) =>
  newConversation(
    'conv_00ff',
    { subject: ' Where is my order? ', name: ' Ada ', email: ' Ada@Example.COM ' },
    customerId,
    T0,
  );

function appended(state: ConversationState, author: 'shopper' | 'agent', body: string, now: number) {
  const result = appendMessage(state, author, author === 'agent' ? 'Grace' : 'Ada', body, now);
  if (!result.ok) throw new Error(`expected a message, got ${result.error.code}`);
  return result;
}

/** A conversation holding `n` messages of `author`, one a second from `from`. */
function withMessages(n: number, author: 'shopper' | 'agent', from = T0): ConversationState {
  let state = fresh();
  for (let i = 0; i < n; i++) state = appended(state, author, `message ${i}`, from + i * 1000).state;
  return state;
}

describe('newConversation', () => {
  it('opens an empty conversation with what the shopper typed, trimmed, blanks as nothing, the email lowercased', () => {
    expect(newConversation('conv_1', { subject: ' Hi ', orderId: '  ', name: null }, 'cus_1', T0)).toEqual({
      meta: {
        id: 'conv_1',
        status: 'open',
        subject: 'Hi',
        orderId: null,
        customerId: 'cus_1',
        name: null,
        email: null,
        createdAt: '2030-01-01T12:00:00.000Z',
      },
      messages: [],
    });
    expect(fresh().meta).toMatchObject({ subject: 'Where is my order?', name: 'Ada', email: 'ada@example.com' });
  });
});

describe('visibleTo', () => {
  it("opens a guest's conversation to whoever holds its id, a customer's only to that customer", () => {
    expect(visibleTo(fresh(), null)).toBe(true);
    expect(visibleTo(fresh(), 'cus_9')).toBe(true);
    expect(visibleTo(fresh('cus_1'), 'cus_1')).toBe(true);
    expect(visibleTo(fresh('cus_1'), 'cus_2')).toBe(false);
    expect(visibleTo(fresh('cus_1'), null)).toBe(false);
  });
});

describe('messageBody', () => {
  it('keeps the text trimmed, tabs and line breaks inside included', () => {
    expect(messageBody('  Hello,\n\tthere  ')).toEqual({ ok: true, body: 'Hello,\n\tthere' });
    expect(messageBody('x'.repeat(MESSAGE_MAX_LENGTH))).toMatchObject({ ok: true });
  });

  it('refuses no text, blanks, anything but a string, and more than the maximum length', () => {
    const refused = (message: string) => ({ ok: false, error: { code: 'invalid_request', message } });
    for (const raw of [undefined, null, 42, { body: 'hi' }, '', ' \n\t ']) {
      expect(messageBody(raw)).toEqual(refused('A message needs some text'));
    }
    expect(messageBody(`${'x'.repeat(MESSAGE_MAX_LENGTH)}y`)).toEqual(
      refused(`A message is at most ${MESSAGE_MAX_LENGTH} characters`),
    );
  });

  it('refuses control characters other than tab and line feed, DEL included', () => {
    for (const code of [0x00, 0x07, 0x08, 0x0b, 0x0d, 0x1b, 0x1f, 0x7f]) {
      expect(messageBody(`a${String.fromCharCode(code)}b`), `0x${code.toString(16)}`).toEqual({
        ok: false,
        error: { code: 'invalid_request', message: 'A message cannot hold control characters' },
      });
    }
    for (const text of ['a\tb', 'a\nb', 'a b', 'a~b', 'aéb']) expect(messageBody(text)).toMatchObject({ ok: true });
  });
});

describe('appendMessage', () => {
  it('numbers messages from one, ids after the conversation, and shows who wrote each', () => {
    const first = appended(fresh(), 'shopper', ' Hello ', T0);
    expect(first.message).toEqual({
      id: 'msg_00ff_1',
      seq: 1,
      author: 'shopper',
      authorName: 'Ada',
      body: 'Hello',
      at: '2030-01-01T12:00:00.000Z',
    });
    const second = appended(first.state, 'agent', 'Hi Ada', T0 + 5);
    expect(second.message).toMatchObject({ id: 'msg_00ff_2', seq: 2, author: 'agent', authorName: 'Grace' });
    expect(second.state.messages).toEqual([first.message, second.message]);
    expect(messageId('conv_abc', 7)).toBe('msg_abc_7');
  });

  it('names a blank author after their role, and cuts a long name to 80 characters', () => {
    const named = (author: 'shopper' | 'agent' | 'system', name: string) => {
      const result = appendMessage(fresh(), author, name, 'hi', T0);
      return result.ok ? result.message.authorName : result.error.code;
    };
    expect(named('agent', '  ')).toBe('Support');
    expect(named('shopper', '')).toBe('Customer');
    expect(named('system', ' ')).toBe('Customer');
    expect(named('agent', ` ${'g'.repeat(100)} `)).toBe('g'.repeat(80));
  });

  it('reopens a closed conversation and refuses what messageBody refuses', () => {
    const closed = withStatus(fresh(), 'closed');
    expect(appended(closed, 'agent', 'Following up', T0).state.meta.status).toBe('open');
    expect(appendMessage(closed, 'shopper', 'Ada', '\u0000', T0)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('refuses a message past the most a conversation holds, from anyone', () => {
    const message = (seq: number) => ({
      id: messageId('conv_00ff', seq),
      seq,
      author: 'agent' as const,
      authorName: 'Grace',
      body: 'hi',
      at: new Date(T0).toISOString(),
    });
    const almostFull = { ...fresh(), messages: Array.from({ length: MAX_MESSAGES - 1 }, (_, i) => message(i + 1)) };
    const last = appended(almostFull, 'agent', 'the last one', T0);
    expect(last.message.seq).toBe(MAX_MESSAGES);
    expect(appendMessage(last.state, 'agent', 'Grace', 'one more', T0)).toEqual({
      ok: false,
      error: { code: 'conversation_full', message: 'This conversation is full; please start a new one' },
    });
  });

  it('lets a shopper send a burst within the window, then says how long to wait until the oldest leaves it', () => {
    const burst = withMessages(SHOPPER_BURST, 'shopper'); // one a second from T0
    const now = T0 + 30_000;
    expect(appendMessage(burst, 'shopper', 'Ada', 'again', now)).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: 'Too many messages; wait a moment',
        retryAfterMs: SHOPPER_WINDOW_MS - 30_000,
      },
    });
    // The oldest message leaves the window exactly SHOPPER_WINDOW_MS after it was sent.
    expect(appendMessage(burst, 'shopper', 'Ada', 'again', T0 + SHOPPER_WINDOW_MS - 1)).toMatchObject({
      ok: false,
      error: { retryAfterMs: 1 },
    });
    expect(appendMessage(burst, 'shopper', 'Ada', 'again', T0 + SHOPPER_WINDOW_MS)).toMatchObject({ ok: true });
  });

  it('never limits agents, nor counts their messages against the shopper', () => {
    const shopperBurst = withMessages(SHOPPER_BURST, 'shopper');
    expect(appendMessage(shopperBurst, 'agent', 'Grace', 'On it', T0 + 10_000)).toMatchObject({ ok: true });
    const agents = withMessages(SHOPPER_BURST * 2, 'agent');
    expect(appendMessage(agents, 'agent', 'Grace', 'more', T0 + 1)).toMatchObject({ ok: true });
    expect(appendMessage(agents, 'shopper', 'Ada', 'mine', T0 + 1)).toMatchObject({ ok: true });
    const almost = withMessages(SHOPPER_BURST - 1, 'shopper');
    expect(appendMessage(almost, 'shopper', 'Ada', 'last of the burst', T0 + 20_000)).toMatchObject({ ok: true });
  });
});

describe('views', () => {
  it("shows shoppers and agents the conversation without the customer's id or email", () => {
    const state = appended(fresh('cus_1'), 'shopper', 'Hello', T0).state;
    expect(toConversation(state)).toEqual({
      id: 'conv_00ff',
      status: 'open',
      subject: 'Where is my order?',
      orderId: null,
      createdAt: '2030-01-01T12:00:00.000Z',
      messages: state.messages,
    });
  });

  it('shows a shopper under the name given, else as Customer', () => {
    expect(shopperName(fresh())).toBe('Ada');
    expect(shopperName(newConversation('conv_1', {}, null, T0))).toBe('Customer');
  });
});
