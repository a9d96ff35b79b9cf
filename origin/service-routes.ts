/**
 * The path-based routing of a split deployment (ORIGIN_SERVICES): which subsystem serves each
 * path (service-routes.json, also read by the cluster launcher to configure HAProxy). The
 * platform's own paths (health, API documents, queue pushes from QStash) match nothing: any
 * instance serves them.
 */

import { CONTEXTS, type ContextName } from './platform/config/services';
import table from './service-routes.json' with { type: 'json' };

const ROUTES = table.routes.map((r) => ({ re: new RegExp(r.pattern), service: r.service }));

/** The subsystem serving `path`, or null when any instance can. */
export function serviceOfPath(path: string): ContextName | null {
  for (const { re, service } of ROUTES) {
    const match = re.exec(path);
    if (!match) continue;
    if (service === 'any') return null;
    const name = service === '$1' ? match[1] : service;
    return (CONTEXTS as readonly string[]).includes(name ?? '') ? (name as ContextName) : null;
  }
  return null;
}
