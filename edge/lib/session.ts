/**
 * The signed-in shopper of a request: the access token in `Authorization: Bearer`, verified
 * here with the shared key ring (no call to the origin), once per request. A bearer that is
 * not an access token (an order token) or does not verify (tampered, expired, unknown key)
 * makes the request anonymous; routes that need a session answer 401 for it.
 */
import { looksLikeAccessToken, verifyAccessToken } from '../../contract/access-token';
import type { AccessClaims } from '../../contract/customers';
import { bearerToken } from './bearer';
import { readConfig } from './config';
import type { AppContext } from './context';
import { ApiError } from './errors';

/** The raw access token of the request, when its bearer has the shape of one. */
export function accessTokenOf(c: AppContext): string | null {
  const token = bearerToken(c.req.header('authorization'));
  return token && looksLikeAccessToken(token) ? token : null;
}

export async function shopperSession(c: AppContext): Promise<AccessClaims | null> {
  const known = c.get('session');
  if (known !== undefined) return known;
  const token = accessTokenOf(c);
  const claims = token ? await verifyAccessToken(readConfig(c.env).authKeys, token) : null;
  c.set('session', claims);
  return claims;
}

/** The signed-in customer's id, or null for an anonymous shopper. */
export async function viewerOf(c: AppContext): Promise<string | null> {
  return (await shopperSession(c))?.sub ?? null;
}

/** The session and its raw token, or a 401 `unauthenticated`. */
export async function requireSession(c: AppContext): Promise<{ claims: AccessClaims; token: string }> {
  const claims = await shopperSession(c);
  const token = accessTokenOf(c);
  if (!claims || !token) throw new ApiError('unauthenticated', 'Sign in first: a valid access token is required');
  return { claims, token };
}
