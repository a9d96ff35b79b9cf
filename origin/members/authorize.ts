/**
 * The one gate of `/admin/*`: finds the route Hono will run, looks up the permission it
 * declares in `ROUTE_PERMISSIONS`, authenticates the caller and checks the permission. A
 * route that declares nothing is refused even to the root token (deny by default), so a new
 * route cannot go live unprotected.
 */
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { errorBody } from '../platform/errors';
import { allows, type Requirement, ROUTE_PERMISSIONS, routeKey } from './permissions';
import type { Principal } from './principal';

export type AdminVariables = { principal: Principal };

export interface AuthorizeOptions {
  /**
   * Who the `Authorization` header names: the members service's `authenticate` (in-process, or
   * over signed HTTP where members is deployed elsewhere), so every subsystem checks staff the
   * same way.
   */
  authenticate: (authorization: string | undefined) => Promise<Principal | null>;
  /** The route table; tests pass their own to prove the deny-by-default rule. */
  table?: Readonly<Record<string, Requirement>>;
}

export function authorizeAdmin({ authenticate, table = ROUTE_PERMISSIONS }: AuthorizeOptions) {
  return createMiddleware<{ Variables: AdminVariables }>(async (c, next) => {
    // The handler that will answer is the first matched route bound to a method (middlewares are 'ALL').
    const handler = matchedRoutes(c).find((r) => r.method !== 'ALL');
    const key = handler ? routeKey(handler.method, handler.path) : null;
    const required = key ? table[key] : undefined;
    if (required === 'public') return next();

    const principal = await authenticate(c.req.header('authorization'));
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="admin"');
      return c.json(errorBody('unauthorized', 'A valid admin token, staff session or API key is required'), 401);
    }
    c.set('principal', principal);
    // No route at all: the app's 404 answers (only to an authenticated caller, so nothing is revealed).
    if (!key) return next();
    if (!required) {
      return c.json(errorBody('forbidden', `${key} declares no permission, so nobody may call it`), 403);
    }
    if (!allows(principal.permissions, required)) {
      return c.json(errorBody('forbidden', `This needs the ${required} permission`, { required }), 403);
    }
    return next();
  });
}
