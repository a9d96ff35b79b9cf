export const CART_COOKIE = 'cart_id';

/**
 * The cart cookie. HttpOnly because only the edge reads it; SameSite=Lax so it follows
 * top-level navigation to the storefront but not cross-site posts; Secure whenever the
 * request came over https (local `wrangler dev` is plain http).
 */
export function cartCookie(cartId: string, maxAgeSeconds: number, secure: boolean): string {
  return `${CART_COOKIE}=${cartId}; HttpOnly; Path=/; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
