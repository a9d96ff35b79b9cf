import { looksLikeAccessToken } from '../../contract/access-token';
import { bearerToken } from '../lib/bearer';
import type { AppContext } from '../lib/context';
import { shopperSession } from '../lib/session';
import type { OrderCredential } from './order-origin';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The order a shopper's request is about and what proves they may act on it: the order token,
 * or a signed-in session (checked here first, so a bad one never reaches the origin). Null for
 * anything missing or malformed; callers answer that with the same 404 as for an order that
 * does not exist, so nothing reveals that an order exists.
 */
export async function orderCredential(c: AppContext): Promise<{ orderId: string; credential: OrderCredential } | null> {
  const orderId = c.req.param('id') ?? '';
  const token = bearerToken(c.req.header('authorization'));
  if (!token || !ORDER_ID.test(orderId)) return null;
  const isSession = looksLikeAccessToken(token);
  if (isSession && !(await shopperSession(c))) return null;
  return { orderId, credential: isSession ? { kind: 'customer', token } : { kind: 'order_token', token } };
}
