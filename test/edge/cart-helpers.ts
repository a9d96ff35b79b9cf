import type { VariantSnapshot } from '../../contract/catalog';
import type { Cart } from '../../edge/cart/cart-rules';
import { productFixture, publishOk, publishPayload, variantFixture } from './catalog-fixtures';
import { edgeFetch, jsonRequest } from './edge-fetch';

/** Publishes one product holding one variant per override and returns the variants. */
export async function seedVariants(...overrides: Partial<VariantSnapshot>[]): Promise<VariantSnapshot[]> {
  const variants = overrides.map((o) => variantFixture(o));
  await publishOk(publishPayload({ products: [productFixture({ title: 'Linen Tee', variants })] }));
  return variants;
}

/** Publishes one variant and returns it. */
export async function seedVariant(overrides: Partial<VariantSnapshot> = {}): Promise<VariantSnapshot> {
  const [variant] = await seedVariants(overrides);
  if (!variant) throw new Error('no variant seeded');
  return variant;
}

export async function createCart(): Promise<Cart> {
  const res = await edgeFetch('/api/carts', { method: 'POST' });
  if (res.status !== 201) throw new Error(`create cart: ${res.status} ${await res.text()}`);
  return res.json<Cart>();
}

export function addItem(cartId: string, variantId: string, quantity: number): Promise<Response> {
  return edgeFetch(`/api/carts/${cartId}/items`, jsonRequest('POST', { variantId, quantity }));
}

export function setQuantity(cartId: string, variantId: string, quantity: unknown): Promise<Response> {
  return edgeFetch(`/api/carts/${cartId}/items/${variantId}`, jsonRequest('PATCH', { quantity }));
}

export function removeItem(cartId: string, variantId: string): Promise<Response> {
  return edgeFetch(`/api/carts/${cartId}/items/${variantId}`, { method: 'DELETE' });
}

/** The `{ error: { code } }` code of a response. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = await res.json<{ error?: { code?: string } }>();
  return body.error?.code;
}
