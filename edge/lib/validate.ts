import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError } from './errors';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

/** The first few issues, `path: message` each, as the 400's message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Parses `value` or throws a 400 `invalid_request` naming the offending fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('invalid_request', describeIssues(result.error));
  return result.data;
}

/**
 * Query validator. Repeated keys reach the schema as arrays, so `?limit=1&limit=2` fails a
 * string field instead of silently picking one.
 */
export function validQuery<S extends z.ZodType>(schema: S) {
  return validator('query', (value) => parseOrThrow(schema, value));
}

/** Path-parameter validator. */
export function validParams<S extends z.ZodType>(schema: S) {
  return validator('param', (value) => parseOrThrow(schema, value));
}

/**
 * JSON body validator. A body sent without a JSON content type would otherwise be validated
 * as `{}` and produce a misleading "field required" message, so it is refused up front;
 * unparsable JSON becomes `malformed_json` through Hono's HTTPException and `onError`.
 */
export function validJson<S extends z.ZodType>(schema: S) {
  return validator('json', (value, c) => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new ApiError('invalid_request', 'Expected a JSON body with Content-Type: application/json');
    }
    return parseOrThrow(schema, value);
  });
}
