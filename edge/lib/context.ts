import type { Context } from 'hono';
import type { AccessClaims } from '../../contract/customers';

/** Hono generics shared by every edge route: the Worker bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    /** The verified session of the request, once `shopperSession` has looked (null: anonymous). */
    session?: AccessClaims | null;
  };
}

export type AppContext = Context<AppEnv>;
