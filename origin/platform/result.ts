/**
 * Expected business outcomes travel as values, not exceptions (only the unexpected throws): a
 * domain function returns `ok(value)` or `err(code, message)`, and the route turns an error
 * into the HTTP answer through the one status table in `errors.ts`.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<C extends string = string> = { ok: false; code: C; message: string; details?: Record<string, unknown> };
export type Result<T, C extends string = string> = Ok<T> | Err<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <C extends string>(code: C, message: string, details?: Record<string, unknown>): Err<C> =>
  details ? { ok: false, code, message, details } : { ok: false, code, message };
