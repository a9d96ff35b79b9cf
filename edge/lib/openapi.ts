/**
 * The Worker's routers: `@hono/zod-openapi` apps whose routes come from the definitions in
 * `*.api.ts`. Validation failures become the same `400 invalid_request` as before, naming the
 * offending fields, through `onError` (the hook throws; nothing answers from here).
 */
import { type Hook, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { AppContext, AppEnv } from './context';
import { ApiError } from './errors';
import { describeIssues } from './validate';

// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every shape
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) throw new ApiError('invalid_request', describeIssues(result.error));
};

export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** Hono's (and zod-openapi's) test for a JSON request body. */
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * Route middleware of every JSON body: a body sent without a JSON content type would otherwise
 * be validated as `{}` (a misleading "field required") or refused with a 415; it is a
 * 400 `invalid_request` saying what to send. Unparsable JSON is `malformed_json` (onError).
 */
export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!JSON_REQUEST.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('invalid_request', 'Expected a JSON body with Content-Type: application/json');
  }
  await next();
};

/** One typed answer per status (a union of statuses is a union of answers). */
type JsonTextResponse<T, S extends ContentfulStatusCode> = S extends unknown
  ? Response & TypedResponse<JSONParsed<T>, S, 'json'>
  : never;

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

/**
 * A JSON body that is already text (a cached catalog entry, the origin's answer passed through
 * unchanged), typed as the value it encodes so the route's documented answer is checked.
 */
export function jsonText<T, S extends ContentfulStatusCode>(
  c: AppContext,
  text: string,
  status: S,
  headers: Record<string, string> = {},
): JsonTextResponse<T, S> {
  return c.body(text, status, { ...JSON_HEADERS, ...headers }) as unknown as JsonTextResponse<T, S>;
}
