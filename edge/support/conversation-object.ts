import { DurableObject } from 'cloudflare:workers';
import type {
  Conversation,
  ConversationMessage,
  ConversationStatus,
  SocketCredential,
  SyncPayload,
} from '../../contract/support';
import { supportPaths } from '../../contract/support';
import { readConfig } from '../lib/config';
import { logger } from '../lib/log';
import { failureReason, signedOriginFetch } from '../lib/signed-fetch';
import { openTable } from '../lib/sqlite-schema';
import { AlarmTimers } from './alarm-timers';
import {
  appendMessage,
  type ConversationState,
  type MessageError,
  type NewConversation,
  newConversation,
  shopperName,
  toConversation,
  visibleTo,
  withStatus,
} from './conversation-rules';
import { checkSocketCredentials } from './socket-credential-check';
import { credentialFromHeader } from './socket-credential-rules';

export type MessageOutcome = { ok: true; message: ConversationMessage } | { ok: false; error: MessageError };

/** Who a socket belongs to, set by the Worker after it verified the socket's ticket. */
export const SOCKET_HEADERS = {
  role: 'x-chat-role',
  name: 'x-chat-name',
  nonce: 'x-chat-nonce',
  expires: 'x-chat-expires',
  /** The ticket's credential as JSON; absent for a guest. */
  credential: 'x-chat-credential',
};

const SYNC_BATCH = 200;
/** An upper bound on a batch's size (UTF-8 bytes, counted as 3 per character). */
const SYNC_MAX_BYTES = 512 * 1024;
const SYNC_BACKOFF_MAX_MS = 60_000;

/** What a socket carries through hibernation. */
interface Attachment {
  role: 'shopper' | 'agent';
  name: string;
  /** What the socket stays open on; null for a guest's (absent on sockets opened before sockets kept one). */
  credential?: SocketCredential | null;
}

/**
 * The alarm's two timers: the inbox sync, and the check of the sockets' credentials, which is
 * set only while a socket with a credential is open (a guest's has none).
 */
const TIMERS = { sync: 'timer:sync', credentials: 'timer:credentials' } as const;

/**
 * One customer-service conversation per object: its messages are ordered and stored here, and
 * every shopper and agent connected to it by WebSocket gets each new message at once. The
 * sockets hibernate (`ctx.acceptWebSocket`), so an idle conversation costs nothing. Every
 * message is copied to the origin's inbox by the alarm, retried with backoff until the origin
 * acknowledges it (the origin ignores a message it already has). A signed-in shopper's or an
 * agent's socket stays open only while the credential its ticket named holds: the alarm asks the
 * origin about all of them every CHAT_CREDENTIAL_CHECK_SECONDS and closes the lapsed ones.
 */
export class ConversationObject extends DurableObject<Env> {
  #state: ConversationState | null = null;
  #syncFailures = 0;
  readonly #timers: AlarmTimers<keyof typeof TIMERS>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // An alarm set before the object kept timers was a sync's.
    this.#timers = new AlarmTimers<keyof typeof TIMERS>(ctx.storage, TIMERS, 'sync');
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
    void ctx.blockConcurrencyWhile(async () => {
      this.#state = openTable(ctx.storage.sql, 'conversation', []) ? this.#load() : null;
    });
  }

  /**
   * Creates the conversation, with the shopper's first message when given (checked by the
   * caller), in one call; calling it again returns it unchanged.
   */
  async create(
    id: string,
    input: NewConversation,
    customerId: string | null,
    firstMessage: string | null = null,
  ): Promise<Conversation> {
    if (!this.#state) {
      const sql = this.ctx.storage.sql;
      sql.exec('CREATE TABLE conversation (id TEXT PRIMARY KEY, meta TEXT NOT NULL)');
      sql.exec(
        `CREATE TABLE messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, author TEXT NOT NULL,
          author_name TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL, synced INTEGER NOT NULL DEFAULT 0)`,
      );
      sql.exec('CREATE TABLE used_tickets (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
      this.#state = newConversation(id, input, customerId, Date.now());
      this.#saveMeta();
      if (firstMessage === null) await this.#scheduleSync();
      else await this.#append('shopper', shopperName(this.#state), firstMessage);
    }
    return toConversation(this.#state as ConversationState);
  }

  /** The conversation, or null when it does not exist or is another customer's. */
  view(viewer: string | null): Conversation | null {
    return this.#state && visibleTo(this.#state, viewer) ? toConversation(this.#state) : null;
  }

  /**
   * The name the viewer's messages go under, and the customer the conversation belongs to (null:
   * a guest's, open to whoever holds its id); null when the conversation is not theirs to see.
   */
  shopperOf(viewer: string | null): { name: string; customerId: string | null } | null {
    const state = this.#state;
    return state && visibleTo(state, viewer) ? { name: shopperName(state), customerId: state.meta.customerId } : null;
  }

  /** A shopper's message over HTTP (the WebSocket does the same in `webSocketMessage`). */
  post(viewer: string | null, body: unknown): Promise<MessageOutcome | null> {
    const state = this.#state;
    if (!state || !visibleTo(state, viewer)) return Promise.resolve(null);
    return this.#append('shopper', shopperName(state), body);
  }

  /** An agent's message, relayed by the origin's admin API. Null when there is no conversation. */
  postAsAgent(name: string, body: unknown): Promise<MessageOutcome | null> {
    return this.#state ? this.#append('agent', name, body) : Promise.resolve(null);
  }

  /** Closes or reopens the conversation (the agent's call); every socket is told. */
  async setStatus(status: ConversationStatus): Promise<Conversation | null> {
    if (!this.#state) return null;
    this.#state = withStatus(this.#state, status);
    this.#saveMeta();
    this.#broadcast({ type: 'status', status });
    await this.#scheduleSync();
    return toConversation(this.#state);
  }

  /** The WebSocket upgrade, forwarded by the Worker with the verified ticket's claims. */
  override async fetch(request: Request): Promise<Response> {
    const role = request.headers.get(SOCKET_HEADERS.role);
    const nonce = request.headers.get(SOCKET_HEADERS.nonce) ?? '';
    const expiresAt = Number(request.headers.get(SOCKET_HEADERS.expires));
    const credential = credentialFromHeader(request.headers.get(SOCKET_HEADERS.credential));
    if (!this.#state || (role !== 'shopper' && role !== 'agent') || !nonce) {
      return Response.json(
        { error: { code: 'conversation_not_found', message: 'No such conversation' } },
        { status: 404 },
      );
    }
    if (credential === 'invalid') {
      return Response.json({ error: { code: 'invalid_ticket', message: 'Malformed credential' } }, { status: 401 });
    }
    // A ticket opens one socket: a replayed one is refused.
    const sql = this.ctx.storage.sql;
    sql.exec('DELETE FROM used_tickets WHERE expires_at < ?', Date.now());
    if (sql.exec('SELECT 1 FROM used_tickets WHERE nonce = ?', nonce).toArray().length > 0) {
      return Response.json(
        { error: { code: 'invalid_ticket', message: 'This ticket was used already' } },
        { status: 401 },
      );
    }
    sql.exec('INSERT INTO used_tickets (nonce, expires_at) VALUES (?, ?)', nonce, expiresAt);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const name = request.headers.get(SOCKET_HEADERS.name) ?? (role === 'agent' ? 'Support' : shopperName(this.#state));
    this.ctx.acceptWebSocket(server, [role]);
    server.serializeAttachment({ role, name, credential } satisfies Attachment);
    server.send(JSON.stringify({ type: 'conversation', conversation: toConversation(this.#state) }));
    if (credential && this.#timers.get('credentials') === undefined) {
      await this.#timers.set('credentials', Date.now() + readConfig(this.env).chatCredentialCheckMs);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    let parsed: { type?: unknown; body?: unknown } | null = null;
    try {
      parsed = typeof data === 'string' && data.length <= 10_000 ? JSON.parse(data) : null;
    } catch {
      parsed = null;
    }
    if (parsed?.type !== 'message') {
      ws.send(
        JSON.stringify({ type: 'error', code: 'invalid_request', message: 'Send {"type":"message","body":"…"}' }),
      );
      return;
    }
    const who = ws.deserializeAttachment() as Attachment;
    const outcome = await this.#append(who.role, who.name, parsed.body);
    if (!outcome.ok) ws.send(JSON.stringify({ type: 'error', ...outcome.error }));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // 1005, 1006 and 1015 describe how a socket ended and may not be sent back.
    try {
      ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, 'closing');
    } catch {
      // already closed
    }
    // The last socket with a credential gone: no more checks, so the object may sleep.
    const held = this.#openSockets().some((s) => s.ws !== ws && s.credential !== null);
    if (!held && this.#timers.get('credentials') !== undefined) await this.#timers.set('credentials', null);
  }

  /** Runs the timers that are due: the sockets' credential check, the inbox sync. */
  override async alarm(): Promise<void> {
    const due = this.#timers.takeDue();
    try {
      if (due.includes('credentials')) await this.#checkCredentials();
      if (due.includes('sync')) await this.#sync();
    } finally {
      await this.#timers.settle();
    }
  }

  /**
   * Asks the origin whether the credentials of the open sockets still hold, closes the sockets
   * whose credential lapsed, and checks again later while any socket with one stays open.
   */
  async #checkCredentials(): Promise<void> {
    const conversation = this.#state?.meta.id ?? null;
    const open = await checkSocketCredentials(readConfig(this.env), conversation, this.#openSockets());
    if (open > 0 && this.#timers.get('credentials') === undefined) {
      this.#timers.put('credentials', Date.now() + readConfig(this.env).chatCredentialCheckMs);
    }
  }

  /** The open sockets with their credentials (closing ones, still listed until the peer answers, left out). */
  #openSockets(): { ws: WebSocket; credential: SocketCredential | null }[] {
    return this.ctx
      .getWebSockets()
      .filter((ws) => ws.readyState === WebSocket.OPEN)
      .map((ws) => ({ ws, credential: (ws.deserializeAttachment() as Attachment).credential ?? null }));
  }

  /** Copies what the origin has not acknowledged yet; on failure, again later with backoff. */
  async #sync(): Promise<void> {
    const state = this.#state;
    if (!state) return;
    const sql = this.ctx.storage.sql;
    const rows = sql
      .exec<{ seq: number }>('SELECT seq FROM messages WHERE synced = 0 ORDER BY seq LIMIT ?', SYNC_BATCH)
      .toArray();
    const unsynced = new Set(rows.map((r) => r.seq));
    const seqs = new Set<number>();
    const messages: ConversationMessage[] = [];
    let bytes = 0;
    // Batches stay far below the origin's 1 MiB request limit, whatever the messages hold.
    for (const m of state.messages) {
      if (!unsynced.has(m.seq)) continue;
      bytes += JSON.stringify(m).length * 3;
      if (messages.length > 0 && bytes > SYNC_MAX_BYTES) break;
      messages.push(m);
      seqs.add(m.seq);
    }
    const payload: SyncPayload = { conversation: state.meta, messages };
    const config = readConfig(this.env);
    try {
      const res = await signedOriginFetch(config, {
        method: 'POST',
        pathAndQuery: supportPaths.sync(state.meta.id),
        body: JSON.stringify(payload),
        timeoutMs: 10_000,
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`origin answered ${res.status}`);
    } catch (err) {
      this.#syncFailures++;
      const delay = Math.min(SYNC_BACKOFF_MAX_MS, 1_000 * 2 ** Math.min(this.#syncFailures, 6));
      logger.warn('conversation sync failed; retrying', {
        conversation: state.meta.id,
        reason: failureReason(err),
        retryInMs: delay,
      });
      // A failing origin keeps its backoff, whatever was written meanwhile.
      this.#timers.put('sync', Date.now() + delay);
      return;
    }
    this.#syncFailures = 0;
    for (const seq of seqs) sql.exec('UPDATE messages SET synced = 1 WHERE seq = ?', seq);
    if (rows.length > seqs.size || rows.length === SYNC_BATCH) this.#timers.put('sync', Date.now());
  }

  async #append(author: 'shopper' | 'agent', name: string, body: unknown): Promise<MessageOutcome> {
    const state = this.#state as ConversationState;
    const result = appendMessage(state, author, name, body, Date.now());
    if (!result.ok) return result;
    const m = result.message;
    this.ctx.storage.sql.exec(
      'INSERT INTO messages (seq, id, author, author_name, body, at) VALUES (?, ?, ?, ?, ?, ?)',
      m.seq,
      m.id,
      m.author,
      m.authorName,
      m.body,
      m.at,
    );
    const reopened = state.meta.status !== result.state.meta.status;
    this.#state = result.state;
    if (reopened) this.#saveMeta();
    this.#broadcast({ type: 'message', message: m });
    await this.#scheduleSync();
    return { ok: true, message: m };
  }

  #broadcast(event: unknown): void {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // a socket closing right now; it leaves on its own
      }
    }
  }

  /** Soon, unless a sync is already planned (a failing origin keeps its backoff). */
  async #scheduleSync(): Promise<void> {
    if (this.#timers.get('sync') === undefined) await this.#timers.set('sync', Date.now() + 100);
  }

  #saveMeta(): void {
    const state = this.#state as ConversationState;
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO conversation (id, meta) VALUES (?, ?)',
      state.meta.id,
      JSON.stringify(state.meta),
    );
  }

  #load(): ConversationState | null {
    const sql = this.ctx.storage.sql;
    const row = sql.exec<{ meta: string }>('SELECT meta FROM conversation LIMIT 1').toArray()[0];
    if (!row) return null;
    const messages = sql
      .exec<{ seq: number; id: string; author: string; author_name: string; body: string; at: string }>(
        'SELECT seq, id, author, author_name, body, at FROM messages ORDER BY seq',
      )
      .toArray()
      .map(
        (r): ConversationMessage => ({
          id: r.id,
          seq: r.seq,
          author: r.author as ConversationMessage['author'],
          authorName: r.author_name,
          body: r.body,
          at: r.at,
        }),
      );
    return { meta: JSON.parse(row.meta), messages };
  }
}
