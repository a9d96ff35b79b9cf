/** The storefront's calls about one order to the origin, as the holder of its link (token). */
import { readConfig } from '../lib/config';
import type { AppContext } from '../lib/context';
import { logger } from '../lib/log';
import { callForOrder, type OrderCredential } from '../orders/order-origin';

/** The origin's status and (on success) parsed body, or 502 `origin_unavailable` for an outage. */
export async function orderCall<T>(
  c: AppContext,
  method: 'GET' | 'POST',
  path: string,
  credential: OrderCredential,
  body?: unknown,
) {
  const answer = await callForOrder(readConfig(c.env), method, path, credential, c.get('requestId'), body);
  if (answer.kind === 'unknown') {
    logger.error(answer.reason, { requestId: c.get('requestId') });
    return { status: 502, body: null as T | null, code: 'origin_unavailable' };
  }
  let parsed: (T & { error?: { code: string } }) | null = null;
  try {
    parsed = answer.body ? JSON.parse(answer.body) : null;
  } catch {
    return { status: 502, body: null as T | null, code: 'origin_unavailable' };
  }
  return { status: answer.status, body: answer.status < 300 ? parsed : null, code: parsed?.error?.code };
}
