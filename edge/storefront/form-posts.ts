/**
 * How the storefront's plain forms are received: only from this site (a browser's cross-site
 * post carries another Origin, or says so in Sec-Fetch-Site), read safely (an unreadable body is
 * a 400), and answered with a redirect (Post/Redirect/Get).
 */

import type { AppContext } from '../lib/context';
import { ApiError } from '../lib/errors';
import { ERROR_TEXT } from './format';

/** An order id in a page's path, and an order token (or another key) in its query or fields. */
export const ORDER_ID = /^ord_[0-9A-Za-z]{1,60}$/;
export const TOKEN = /^[\x21-\x7e]{1,512}$/;
export const MAX_FORM_BYTES = 16 * 1024;

/** The human text of an error code a page was sent back with (`?error=`). */
export const errorText = (code: string | undefined) =>
  code ? (ERROR_TEXT[code] ?? ERROR_TEXT.invalid_request) : undefined;

/** 303 See Other: the browser GETs `location` after a form post. */
export const see = (c: AppContext, location: string) => c.redirect(location, 303);

/** Forms come from this storefront: a browser's cross-site post carries another Origin. */
function sameOrigin(c: AppContext): void {
  const origin = c.req.header('origin');
  // Sec-Fetch-Site too: a browser that sends no Origin on a form post still says cross-site.
  if ((origin && origin !== new URL(c.req.url).origin) || c.req.header('sec-fetch-site') === 'cross-site') {
    throw new ApiError('forbidden', 'Forms are accepted from this site only');
  }
}

/** The posted form's text fields, from this site only. */
export async function form(c: AppContext): Promise<Record<string, string>> {
  sameOrigin(c);
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new ApiError('invalid_request', 'The form could not be read');
  }
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
