/**
 * The carriers the origin can talk to, by name (the `{carrier}` of the webhook URL and the
 * `carrier` column of a shipment). A real carrier is one adapter file and one entry here.
 */
import type { OriginContext } from '../platform/context';
import type { Carrier } from './carrier';
import { sandboxCarrier } from './sandbox-carrier';

const FACTORIES: Record<string, (ctx: OriginContext) => Carrier> = {
  'sandbox-carrier': (ctx) =>
    sandboxCarrier({
      ...ctx.config.logistics.sandboxCarrier,
      toleranceSeconds: ctx.config.webhookToleranceSeconds,
      fetch: ctx.http,
    }),
};

const built = new WeakMap<OriginContext, Map<string, Carrier>>();

/** The adapter for `name`, or null for a carrier we do not know. */
export function carrierFor(ctx: OriginContext, name: string): Carrier | null {
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (!factory) return null;
  const cache = built.get(ctx) ?? new Map<string, Carrier>();
  built.set(ctx, cache);
  const carrier = cache.get(name) ?? factory(ctx);
  cache.set(name, carrier);
  return carrier;
}

/** The adapter of a stored shipment's carrier (it was known when the shipment was made). */
export function carrierOf(ctx: OriginContext, name: string): Carrier {
  const carrier = carrierFor(ctx, name);
  if (!carrier) throw new Error(`No adapter for carrier ${name}`);
  return carrier;
}
