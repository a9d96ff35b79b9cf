const CART_ID = /^cart_([0-9a-f]{64})$/;

/** The public cart id of a Durable Object: `cart_` + its hex id. */
export function cartIdOf(id: DurableObjectId): string {
  return `cart_${id.toString()}`;
}

/**
 * The Durable Object id behind a public cart id, or null when it is malformed or was not
 * minted by this namespace (`idFromString` rejects foreign ids), so probes never create objects.
 */
export function durableIdOf(
  namespace: Pick<DurableObjectNamespace, 'idFromString'>,
  cartId: string,
): DurableObjectId | null {
  const hex = CART_ID.exec(cartId)?.[1];
  if (!hex) return null;
  try {
    return namespace.idFromString(hex);
  } catch {
    return null;
  }
}
