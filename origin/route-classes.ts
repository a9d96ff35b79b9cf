/**
 * Which bulkhead each request of the origin belongs to (platform/bulkhead.ts). Core is what a
 * shopper needs to buy: catalog reads, checkout and the order it makes, its payment, the
 * payment and carrier webhooks that settle it. Auxiliary can wait when the instance is
 * saturated: search, reviews, customer service, shopper accounts, and the whole admin API.
 * Background is the queue's pushes (their sender retries). Health, the API documents and the
 * development mailbox are never held back (null).
 */
import type { RouteClass } from './platform/bulkhead';

const AUXILIARY_INTERNAL = [
  /^\/internal\/catalog\/products\/[^/]+\/reviews$/,
  /^\/internal\/orders\/[^/]+\/(reviews|delivery-rating)(\/|$)/,
  /^\/internal\/(auth|me)(\/|$)/,
  /^\/internal\/(support|conversations)\//,
];

export function routeClassOf(_method: string, path: string, search: string): RouteClass | null {
  if (path.startsWith('/internal/')) {
    if (AUXILIARY_INTERNAL.some((re) => re.test(path))) return 'auxiliary';
    // A catalog list with a search term is search, not browsing.
    if (path === '/internal/catalog/products' && new URLSearchParams(search).get('q')) return 'auxiliary';
    return 'core';
  }
  if (path.startsWith('/webhooks/')) return 'core';
  if (path.startsWith('/admin/')) return 'auxiliary';
  if (path.startsWith('/queue/')) return 'background';
  return null;
}
