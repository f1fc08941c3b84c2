/**
 * Every key this subgraph writes, built in one place so that the keys that must change together share a Redis
 * Cluster hash slot by design: the part inside `{…}` is the hash tag, and only it decides the slot. A caller's
 * idempotency record is tagged by (caller, key); a cart's keys by (vendor, cart id); a customer's index by the
 * customer; a caller's limits by the caller. Keys with different tags may live on different nodes, so no
 * operation may touch two of them atomically, and a batched read of several goes one slot at a time.
 *
 * The values inside a tag are allow-listed ids and keys (no `{` or `}`), so a value can never move a key to
 * another slot.
 */
export const storeKeys = {
  /** The idempotency record of one (caller, idempotency key). */
  idempotency: (caller: string, key: string): string => `idem:{${caller}:${key}}`,
  /** A cart's own state kept here (drafts of vendors without carts); `part` names one of its keys. */
  cart: (vendor: string, cartId: string, part = 'draft'): string => `cart:{${vendor}:${cartId}}:${part}`,
  /** The carts of one customer at one vendor, newest first, for vendors that cannot list them. */
  customerCarts: (customerId: string, vendor: string): string => `index:carts:{${customerId}}:${vendor}`,
  /** The fixed-window count of a caller's vendor writes. */
  callerWrites: (caller: string): string => `limit:{caller:${caller}}:writes`,
  /** The leases of a caller's operations in flight, across replicas. */
  callerOperations: (caller: string): string => `limit:{caller:${caller}}:operations`,
};

/** The hash tag of a key as Redis Cluster reads it: the text inside the first non-empty `{…}`, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}
