/**
 * Building blocks of the shopper API's route definitions (`*.api.ts`). Those files are plain
 * data (method, path, zod schemas) with no Worker types in reach, so the same definitions
 * register the routes in the Worker, build the OpenAPI document and type the API's client in
 * Node (e2e tests): a route or field renamed here breaks all three at compile time.
 */
import { z } from '@hono/zod-openapi';
import { ErrorBodySchema } from '../../contract/errors';

export const jsonContent = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** A documented JSON answer. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: jsonContent(schema),
});

/** A required JSON request body (`request: { ...jsonBody(schema) }`). */
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { required: true, description, content: jsonContent(schema) },
});

/** A documented `{ error: { code, message } }` answer; `codes` are the codes it may carry. */
export const error = (description: string, ...codes: string[]) =>
  json(ErrorBodySchema, codes.length ? `${description} (${codes.map((c) => `\`${c}\``).join(', ')})` : description);

/** What any `/api` route may answer besides its own outcomes: the gateway's limit. */
export const gatewayErrors = {
  429: error('Too many requests: retry after `Retry-After` seconds', 'rate_limited'),
};

/** Malformed input: the body, query or path did not match the schema. */
export const invalid = error('Malformed input', 'invalid_request', 'malformed_json');

/** The origin could not answer. */
export const unavailable = error('The origin is temporarily unavailable; try again', 'origin_unavailable');

export const tooLarge = error('The body is larger than this route reads', 'payload_too_large');

/** Path parameters. */
export const idParam = z.object({ id: z.string() });

/** `Authorization: Bearer <access token>` of a signed-in shopper (or an order token where said). */
type Security = Array<Record<string, string[]>>;
export const shopperSecurity: Security = [{ accessToken: [] }];
/** Anonymous, or a signed-in shopper whose account it then acts for. */
export const optionalShopper: Security = [{}, { accessToken: [] }];
export const orderSecurity: Security = [{ orderToken: [] }, { accessToken: [] }];
