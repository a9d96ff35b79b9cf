/**
 * Shipping and tax for the demo shop, so a fresh `npm start` can take orders at once:
 * United States (standard 4.95, free from 50.00; express 14.95), European Union (9.95, free
 * from 100.00) with VAT on goods and shipping, and the rest of the world (24.95). USD, like
 * the demo catalog's store currency. Inserted only when no shipping zone exists yet.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { shippingMethods, shippingZones, taxRates } from '../schema';

type Writer = Pick<Database, 'insert' | 'execute'>;

const EU_VAT: Record<string, number> = {
  DE: 1900,
  FR: 2000,
  NL: 2100,
  IT: 2200,
  ES: 2100,
  AT: 2000,
  BE: 2100,
  IE: 2300,
};
const REST = ['GB', 'CA', 'AU', 'NZ', 'JP', 'CH', 'NO', 'SE', 'DK', 'PL', 'PT', 'SG'];

export async function insertCheckoutDefaults(tx: Writer): Promise<boolean> {
  const existing = (await tx.execute(sql`select count(*)::int as n from shipping_zones`)) as unknown as {
    rows: { n: number }[];
  };
  if (Number(existing.rows[0]?.n) > 0) return false;
  await tx.insert(shippingZones).values([
    { id: 'shz_demo_us', name: 'United States', countries: ['US'] },
    { id: 'shz_demo_eu', name: 'European Union', countries: Object.keys(EU_VAT) },
    { id: 'shz_demo_world', name: 'Rest of the world', countries: REST },
  ]);
  await tx.insert(shippingMethods).values([
    {
      id: 'shm_demo_us_std',
      zoneId: 'shz_demo_us',
      name: 'Standard (3–5 days)',
      currency: 'USD',
      amount: 495,
      freeOver: 5000,
    },
    {
      id: 'shm_demo_us_exp',
      zoneId: 'shz_demo_us',
      name: 'Express (1–2 days)',
      currency: 'USD',
      amount: 1495,
      position: 1,
    },
    {
      id: 'shm_demo_eu_std',
      zoneId: 'shz_demo_eu',
      name: 'Standard (4–7 days)',
      currency: 'USD',
      amount: 995,
      freeOver: 10000,
    },
    { id: 'shm_demo_world', zoneId: 'shz_demo_world', name: 'International', currency: 'USD', amount: 2495 },
  ]);
  await tx.insert(taxRates).values(Object.entries(EU_VAT).map(([country, rateBp]) => ({ country, rateBp })));
  return true;
}
