/** Merchant management of shipping zones, methods and tax rates (plain data, no code changes). */
import { asc, eq } from 'drizzle-orm';
import { newId } from '../../contract/ids';
import { shippingMethods, shippingZones, taxRates } from '../../db/schema/checkout';
import type { OriginContext } from '../platform/context';
import { err, ok, type Result } from '../platform/result';

export type Zone = typeof shippingZones.$inferSelect;
export type Method = typeof shippingMethods.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;

export async function listShipping(ctx: OriginContext) {
  const zones = await ctx.db.select().from(shippingZones).orderBy(asc(shippingZones.name));
  const methods = await ctx.db.select().from(shippingMethods).orderBy(asc(shippingMethods.position));
  return zones.map((z) => ({ ...z, methods: methods.filter((m) => m.zoneId === z.id) }));
}

export async function createZone(ctx: OriginContext, input: { name: string; countries: string[] }): Promise<Zone> {
  const [zone] = await ctx.db
    .insert(shippingZones)
    .values({ id: newId('shz'), name: input.name, countries: [...new Set(input.countries)] })
    .returning();
  return zone as Zone;
}

export async function updateZone(
  ctx: OriginContext,
  id: string,
  patch: Partial<{ name: string; countries: string[] }>,
): Promise<Result<Zone, 'shipping_zone_not_found'>> {
  const [zone] = await ctx.db.update(shippingZones).set(patch).where(eq(shippingZones.id, id)).returning();
  return zone ? ok(zone) : err('shipping_zone_not_found', `No shipping zone ${id}`);
}

export async function deleteZone(ctx: OriginContext, id: string): Promise<Result<Zone, 'shipping_zone_not_found'>> {
  const [zone] = await ctx.db.delete(shippingZones).where(eq(shippingZones.id, id)).returning();
  return zone ? ok(zone) : err('shipping_zone_not_found', `No shipping zone ${id}`);
}

export interface MethodInput {
  zoneId: string;
  name: string;
  currency: string;
  amount: number;
  freeOver?: number | null;
  active?: boolean;
  position?: number;
}

export async function createMethod(
  ctx: OriginContext,
  input: MethodInput,
): Promise<Result<Method, 'shipping_zone_not_found'>> {
  const zone = await ctx.db
    .select({ id: shippingZones.id })
    .from(shippingZones)
    .where(eq(shippingZones.id, input.zoneId));
  if (zone.length === 0) return err('shipping_zone_not_found', `No shipping zone ${input.zoneId}`);
  const [method] = await ctx.db
    .insert(shippingMethods)
    .values({ id: newId('shm'), ...input, freeOver: input.freeOver ?? null })
    .returning();
  return ok(method as Method);
}

export async function updateMethod(
  ctx: OriginContext,
  id: string,
  patch: Partial<Omit<MethodInput, 'zoneId'>>,
): Promise<Result<Method, 'shipping_method_not_found'>> {
  const [method] = await ctx.db.update(shippingMethods).set(patch).where(eq(shippingMethods.id, id)).returning();
  return method ? ok(method) : err('shipping_method_not_found', `No shipping method ${id}`);
}

export async function deleteMethod(
  ctx: OriginContext,
  id: string,
): Promise<Result<Method, 'shipping_method_not_found'>> {
  const [method] = await ctx.db.delete(shippingMethods).where(eq(shippingMethods.id, id)).returning();
  return method ? ok(method) : err('shipping_method_not_found', `No shipping method ${id}`);
}

export function listTaxRates(ctx: OriginContext): Promise<TaxRateRow[]> {
  return ctx.db.select().from(taxRates).orderBy(asc(taxRates.country));
}

export async function putTaxRate(
  ctx: OriginContext,
  country: string,
  input: { rateBp: number; appliesToShipping?: boolean },
): Promise<TaxRateRow> {
  const values = {
    country,
    rateBp: input.rateBp,
    appliesToShipping: input.appliesToShipping ?? true,
    updatedAt: new Date(),
  };
  const [row] = await ctx.db
    .insert(taxRates)
    .values(values)
    .onConflictDoUpdate({ target: taxRates.country, set: values })
    .returning();
  return row as TaxRateRow;
}

export async function deleteTaxRate(
  ctx: OriginContext,
  country: string,
): Promise<Result<TaxRateRow, 'tax_rate_not_found'>> {
  const [row] = await ctx.db.delete(taxRates).where(eq(taxRates.country, country)).returning();
  return row ? ok(row) : err('tax_rate_not_found', `No tax rate for ${country}`);
}
