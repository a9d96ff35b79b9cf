/**
 * The payment-method rules in effect: the configuration's defaults with the merchant's
 * overrides from payment_method_rules. Read on every checkout, so kept in memory for a few
 * seconds (and dropped at once when this instance writes them); another instance sees a
 * merchant's change within `TTL_MS`.
 */
import { eq } from 'drizzle-orm';
import type { PaymentMethod } from '../../contract/orders';
import { paymentMethodRules } from '../../db/schema/payment';
import type { OriginContext } from '../platform/context';
import type { Writer } from '../platform/outbox/outbox';
import { defaultRules, effectiveRules, type MethodRule } from './method-rules';

const TTL_MS = 5_000;
const cached = new WeakMap<OriginContext, { at: number; rules: Promise<MethodRule[]> }>();

async function overrides(db: Writer): Promise<MethodRule[]> {
  const rows = await db.select().from(paymentMethodRules);
  return rows.map((r) => ({
    method: r.method,
    enabled: r.enabled,
    countries: r.countries ?? null,
    currencies: r.currencies ?? null,
    minAmount: r.minAmount,
    maxAmount: r.maxAmount,
  }));
}

/** The rules in effect (cached; see the file comment). */
export async function methodRules(ctx: OriginContext): Promise<MethodRule[]> {
  const hit = cached.get(ctx);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rules;
  const rules = overrides(ctx.db).then((o) => effectiveRules(defaultRules(ctx.config.payments), o));
  cached.set(ctx, { at: Date.now(), rules });
  rules.catch(() => cached.delete(ctx));
  return rules;
}

/** The rules in effect with where each came from, from one read of the overrides (admin listing). */
export async function rulesWithSources(ctx: OriginContext) {
  const merchant = await overrides(ctx.db);
  return effectiveRules(defaultRules(ctx.config.payments), merchant).map((rule) => ({
    ...rule,
    source: merchant.some((o) => o.method === rule.method) ? ('merchant' as const) : ('configuration' as const),
  }));
}

export async function saveRule(ctx: OriginContext, rule: MethodRule): Promise<void> {
  const values = { ...rule, updatedAt: new Date() };
  await ctx.db
    .insert(paymentMethodRules)
    .values(values)
    .onConflictDoUpdate({ target: paymentMethodRules.method, set: values });
  cached.delete(ctx);
}

export async function resetRule(ctx: OriginContext, method: PaymentMethod): Promise<void> {
  await ctx.db.delete(paymentMethodRules).where(eq(paymentMethodRules.method, method));
  cached.delete(ctx);
}
