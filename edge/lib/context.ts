import type { Context } from 'hono';

/** Hono generics shared by every edge route: the Worker bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
  };
}

export type AppContext = Context<AppEnv>;
