/**
 * The HTTP edge of the card sandbox: the `{ error: { code, message } }` body, mapping of
 * outcome codes to statuses, and the POST pipeline (Idempotency-Key, body parsing, validation).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { IdempotencyStore } from '../lib/idempotency';
import type { Outcome } from './card-objects';

/** A status and a body: JSON, or an HTML page when the body is a string; a redirect when `location` is set. */
export interface Answer {
  status: number;
  body: unknown;
  location?: string;
}

const STATUS: Record<string, number> = {
  invalid_request: 400,
  invalid_card_token: 400,
  unauthorized: 401,
  not_found: 404,
  invalid_state: 409,
  amount_too_large: 422,
  idempotency_key_reused: 422,
};

export function failure(code: string, message: string): Answer {
  return { status: STATUS[code] ?? 400, body: { error: { code, message } } };
}

export function fromOutcome<T>(outcome: Outcome<T>, status = 200): Answer {
  return outcome.ok ? { status, body: outcome.value } : failure(outcome.code, outcome.message);
}

export function reply(c: Context, answer: Answer): Response {
  if (answer.location) return c.redirect(answer.location, 303);
  const status = answer.status as ContentfulStatusCode;
  return typeof answer.body === 'string' ? c.html(answer.body, status) : c.json(answer.body, status);
}

/**
 * Validates a POST (JSON, or a form post where `acceptForms` says a browser may send one) and
 * runs `handle` at most once per Idempotency-Key. A body that fails validation is refused
 * before the key is recorded, so the caller can fix it and retry with the same key; every
 * answer after that (refusals included) is replayed as first given.
 */
export async function handlePost<S extends z.ZodType>(
  c: Context,
  store: IdempotencyStore,
  schema: S,
  handle: (input: z.infer<S>) => Answer | Promise<Answer>,
  { acceptForms = false } = {},
): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key !== undefined && (key.length < 1 || key.length > 255)) {
    return reply(c, failure('invalid_request', 'Idempotency-Key must be 1 to 255 characters'));
  }
  const raw = await c.req.text();
  const body = acceptForms && isFormPost(c) ? Object.fromEntries(new URLSearchParams(raw)) : parseJson(raw);
  if (body === undefined) return reply(c, failure('invalid_request', 'Body is not valid JSON'));
  const input = schema.safeParse(body);
  if (!input.success) {
    const message = input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return reply(c, failure('invalid_request', message));
  }
  const answer = await store.run(`${c.req.method} ${c.req.path}`, key, raw, async () => handle(input.data));
  if (answer === 'mismatch') {
    return reply(c, failure('idempotency_key_reused', 'This Idempotency-Key was used with a different body'));
  }
  return reply(c, answer);
}

/** The API speaks JSON whatever the Content-Type says; an empty body is `{}`, undefined when unreadable. */
function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function isFormPost(c: Context): boolean {
  return (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}
