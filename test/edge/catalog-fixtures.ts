import type { ProductSnapshot, PublishPayload, VariantSnapshot } from '../../contract/catalog';
import { internalPaths } from '../../contract/catalog';
import { signInternalRequest } from '../../contract/signing';
import { edgeFetch } from './edge-fetch';

/** The secret vitest.config.ts binds as INTERNAL_SECRET for the edge project. */
export const TEST_SECRET = 'test-internal-secret';

/** A slug (or id suffix) no other test in the file uses: storage is shared per file. */
export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export function variantFixture(overrides: Partial<VariantSnapshot> = {}): VariantSnapshot {
  return {
    id: `var_${crypto.randomUUID().replaceAll('-', '')}`,
    sku: unique('SKU'),
    title: 'Medium',
    options: { size: 'M' },
    price: { amount: 2500, currency: 'USD' },
    available: true,
    availableQuantity: 50,
    ...overrides,
  };
}

export function productFixture(overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  const variants = overrides.variants ?? [variantFixture()];
  return {
    id: `prod_${crypto.randomUUID().replaceAll('-', '')}`,
    slug: unique('tee'),
    title: 'Linen Tee',
    price: variants[0]?.price ?? { amount: 2500, currency: 'USD' },
    image: 'https://img.test/tee.jpg',
    rating: { average: 4.5, count: 12 },
    description: 'A tee.',
    images: ['https://img.test/tee.jpg'],
    categoryId: 'cat_tops',
    builtAt: new Date().toISOString(),
    ...overrides,
    variants,
  };
}

export function publishPayload(overrides: Partial<PublishPayload> = {}): PublishPayload {
  return { products: [], removedSlugs: [], removedVariantIds: [], ...overrides };
}

/** Sends a publish exactly as the origin's relay does, signed with the test secret. */
export async function publish(
  payload: PublishPayload,
  options: { secret?: string; now?: number; body?: string } = {},
): Promise<Response> {
  const body = options.body ?? JSON.stringify(payload);
  const headers = await signInternalRequest(options.secret ?? TEST_SECRET, 'POST', internalPaths.publish, body, {
    now: options.now,
  });
  return edgeFetch(internalPaths.publish, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
}

/** Publishes and fails the test loudly if the edge refused it. */
export async function publishOk(payload: PublishPayload): Promise<void> {
  const res = await publish(payload);
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}
