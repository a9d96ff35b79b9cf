/**
 * The provider registry: which provider takes card payments, built once per origin from the
 * configuration. Adding a provider is one new file implementing `PaymentProvider` and one
 * line here.
 */
import type { OriginContext } from '../platform/context';
import type { PaymentProvider } from './provider';
import { sandboxCardProvider } from './sandbox-card.provider';

const registries = new WeakMap<OriginContext, Map<string, PaymentProvider>>();

function build(ctx: OriginContext): Map<string, PaymentProvider> {
  const { payments, webhookToleranceSeconds } = ctx.config;
  const all: PaymentProvider[] = [
    sandboxCardProvider({ ...payments.sandboxCard, toleranceSeconds: webhookToleranceSeconds, fetch: ctx.http }),
  ];
  return new Map(all.map((p) => [p.name, p]));
}

export function paymentProviders(ctx: OriginContext): Map<string, PaymentProvider> {
  let registry = registries.get(ctx);
  if (!registry) {
    registry = build(ctx);
    registries.set(ctx, registry);
  }
  return registry;
}

/** The provider by name, or null (webhooks for an unknown provider are 404). */
export function providerNamed(ctx: OriginContext, name: string): PaymentProvider | null {
  return paymentProviders(ctx).get(name) ?? null;
}

/** The provider that takes card payments. */
export function cardProvider(ctx: OriginContext): PaymentProvider {
  const provider = providerNamed(ctx, ctx.config.payments.cardProvider);
  if (!provider) throw new Error(`No payment provider ${ctx.config.payments.cardProvider}`);
  return provider;
}
