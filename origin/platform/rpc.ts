/**
 * Calls between subsystems. A context that others call across a deployment boundary describes
 * those calls once, as a service: each method with the zod schemas of its input and output and
 * the function that runs it. A caller gets a client from `serviceClient`: when the service is
 * served by this instance (ORIGIN_SERVICES) the client runs the function in-process; when it is
 * served elsewhere the client sends a signed `POST /rpc/<service>/<method>` to SERVICES_URL
 * (the load balancer, which routes `/rpc/<service>/` to that service's pool), and the instance
 * there answers with `rpcRoutes`. Both ways validate the output with the same schema, so a
 * difference (a Date where the wire has a string) shows up in the one-process tests already.
 *
 * Methods are queries or idempotent commands: a caller may retry one whose answer was lost.
 * None runs inside the caller's transaction; a flow that needs one transaction across contexts
 * keeps those contexts in one deployment unit (see services.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { signInternalRequest } from '../../contract/signing';
import { requireEdgeSignature } from './auth';
import type { OriginContext } from './context';
import { errorBody, HttpError } from './errors';

export interface RpcMethod<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  run(ctx: OriginContext, input: z.output<I>): Promise<z.input<O>>;
}

export interface RpcService<M extends Record<string, RpcMethod>> {
  name: string;
  methods: M;
}

export type RpcClient<M extends Record<string, RpcMethod>> = {
  [K in keyof M]: (input: z.input<M[K]['input']>) => Promise<z.output<M[K]['output']>>;
};

/** Declares a service (typed by its methods' schemas). */
export function defineService<M extends Record<string, RpcMethod>>(name: string, methods: M): RpcService<M> {
  return { name, methods };
}

/** One method, typed by its schemas (a helper so each method infers its own types). */
export function method<I extends z.ZodType, O extends z.ZodType>(m: RpcMethod<I, O>): RpcMethod<I, O> {
  return m;
}

/** How long a remote call may take, all of it (connection, work, answer). */
const RPC_TIMEOUT_MS = 10_000;

/** A remote service did not answer usefully: the caller's request fails retryably (503). */
export class ServiceUnavailable extends HttpError {
  constructor(service: string, reason: string) {
    super('service_unavailable', `The ${service} service is unavailable (${reason}); retry shortly`, 503, {
      retryAfter: 1,
    });
  }
}

const clients = new WeakMap<OriginContext, Map<string, unknown>>();

/** The client of `service` for this instance: in-process when it serves it, over HTTP otherwise. */
export function serviceClient<M extends Record<string, RpcMethod>>(
  ctx: OriginContext,
  service: RpcService<M>,
): RpcClient<M> {
  let byName = clients.get(ctx);
  if (!byName) {
    byName = new Map();
    clients.set(ctx, byName);
  }
  const known = byName.get(service.name);
  if (known) return known as RpcClient<M>;
  const local = (ctx.config.services.local as readonly string[]).includes(service.name);
  const client = Object.fromEntries(
    Object.entries(service.methods).map(([name, m]) => [
      name,
      local ? localCall(ctx, m) : remoteCall(ctx, service.name, name, m),
    ]),
  ) as RpcClient<M>;
  byName.set(service.name, client);
  return client;
}

function localCall(ctx: OriginContext, m: RpcMethod) {
  return async (input: unknown) => m.output.parse(await m.run(ctx, m.input.parse(input)));
}

function remoteCall(ctx: OriginContext, service: string, name: string, m: RpcMethod) {
  return async (input: unknown) => {
    const path = `/rpc/${service}/${name}`;
    const body = JSON.stringify(m.input.parse(input));
    const headers = await signInternalRequest(ctx.config.internalSecret, 'POST', path, body);
    let res: Response;
    try {
      res = await ctx.serviceFetch(`${ctx.config.services.url}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      });
    } catch (e) {
      throw new ServiceUnavailable(service, e instanceof Error ? e.message : String(e));
    }
    const text = await res.text();
    if (!res.ok) {
      // A refusal the callee explains (4xx) travels on as it is; anything else is an outage.
      const parsed = safeJson(text) as { error?: { code?: string; message?: string } } | null;
      if (res.status < 500 && parsed?.error?.code) {
        throw new HttpError(parsed.error.code, parsed.error.message ?? 'Refused', res.status as 400);
      }
      throw new ServiceUnavailable(service, `${path} answered ${res.status}`);
    }
    const parsed = m.output.safeParse(safeJson(text));
    if (!parsed.success) throw new ServiceUnavailable(service, `${path} answered outside its contract`);
    return parsed.data;
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * `POST /rpc/<service>/<method>` for the services this instance serves: signed like the edge's
 * calls (the same secret and scheme), input validated (400 `invalid_request` otherwise).
 */
export function rpcRoutes(ctx: OriginContext, services: readonly RpcService<Record<string, RpcMethod>>[]) {
  const app = new Hono();
  app.use('*', requireEdgeSignature(ctx.config.internalSecret, { cache: ctx.cache, log: ctx.log }));
  for (const service of services) {
    for (const [name, m] of Object.entries(service.methods)) {
      app.post(`/${service.name}/${name}`, async (c) => {
        const input = m.input.safeParse(await c.req.json().catch(() => undefined));
        if (!input.success) {
          return c.json(errorBody('invalid_request', `Bad input for ${service.name}.${name}`), 400);
        }
        return c.json(m.output.parse(await m.run(ctx, input.data)) as object, 200);
      });
    }
  }
  return app;
}

export { z };
