import { BadUserInputError } from './errors';
import { isVendor, Vendor } from './vendor';

/** What an opaque id names. */
export type EntityKind = 'Cart' | 'CartItem' | 'ProductOrder';

/** A decoded opaque id: which vendor holds the entity, and the vendor's own id for it. */
export interface EntityRef {
  vendor: Vendor;
  kind: EntityKind;
  vendorId: string;
}

const VERSION = 'v1';
const MAX_ID_LENGTH = 200;
const OPAQUE_ID = /^[A-Za-z0-9_-]+$/;
/**
 * Vendor ids are copied into URL paths, so only characters that need no escaping pass, and never two dots in a row:
 * `encodeURIComponent` leaves `.` alone, so `..` would climb the vendor's path.
 */
const VENDOR_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_:-]|\.(?!\.)){0,127}$/;
/** Customer ids are owned by the customers subgraph and travel in vendor paths and bodies as they are. */
const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** True when a vendor-side id is safe to put in a URL path segment as it is. */
export function isSafeVendorId(value: string): boolean {
  return VENDOR_ID.test(value);
}

/** Encodes a vendor's id as the opaque id clients see. The vendor id must already be safe. */
export function encodeId(vendor: Vendor, kind: EntityKind, vendorId: string): string {
  return Buffer.from(`${VERSION}:${vendor}:${kind}:${vendorId}`, 'utf8').toString('base64url');
}

/**
 * Decodes an opaque id, or returns null when it is not one of ours (wrong shape, unknown vendor, other kind,
 * unsafe vendor id). Never throws, so a query for a garbage id can answer null or a typed error as it prefers.
 */
export function tryDecodeId(id: string, kind: EntityKind): EntityRef | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || !OPAQUE_ID.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const parts = decoded.split(':');
  if (parts.length < 4 || parts[0] !== VERSION) return null;
  const [, vendor, decodedKind] = parts;
  const vendorId = parts.slice(3).join(':');
  if (!isVendor(vendor)) return null;
  if (decodedKind !== kind || !isSafeVendorId(vendorId)) return null;
  // Re-encoding must give the same string: refuses padding tricks and non-canonical base64.
  if (encodeId(vendor, kind, vendorId) !== id) return null;
  return { vendor: vendor, kind, vendorId };
}

/** Decodes an opaque id or throws BAD_USER_INPUT naming the argument path. */
export function decodeId(id: string, kind: EntityKind, field: readonly (string | number)[]): EntityRef {
  const ref = tryDecodeId(id, kind);
  if (!ref) throw new BadUserInputError(`Not a valid ${kind} id`, field);
  return ref;
}

/** Checks a customer id (argument, input field or the x-customer-id header) against the allow-list. */
export function assertCustomerId(value: string, field: readonly (string | number)[]): string {
  if (!CUSTOMER_ID.test(value)) throw new BadUserInputError('Not a valid customer id', field);
  return value;
}

/** True when a customer id passes the allow-list. */
export function isValidCustomerId(value: string): boolean {
  return CUSTOMER_ID.test(value);
}

/** The opaque id of a cart item: the cart's vendor id and the item's, so an item id is never taken for another cart's. */
export function cartItemId(vendor: Vendor, cartVendorId: string, itemVendorId: string): string {
  return encodeId(vendor, 'CartItem', `${cartVendorId}:${itemVendorId}`);
}
