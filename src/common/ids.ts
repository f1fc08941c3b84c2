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
const PREFIX = `${VERSION}:`;
const COLON = 0x3a;
const MAX_ID_LENGTH = 200;
const OPAQUE_ID = /^[A-Za-z0-9_-]+$/;
const MAX_VENDOR_ID_LENGTH = 128;
/** Vendor id characters by ASCII code: 1 a letter or digit, 2 `_`, `:` or `-`, 3 a dot, 0 anything else. */
const VENDOR_ID_CHAR: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') table[c.charCodeAt(0)] = 1;
  for (const c of '_:-') table[c.charCodeAt(0)] = 2;
  table['.'.charCodeAt(0)] = 3;
  return table;
})();
/** Customer ids are owned by the customers subgraph and travel in vendor paths and bodies as they are. */
const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * True when a vendor-side id is safe to put in a URL path segment as it is. Vendor ids are copied into URL paths, so
 * only characters that need no escaping pass (a letter or digit first, then letters, digits, `_`, `:`, `-` and `.`,
 * 128 at most), and never two dots in a row: `encodeURIComponent` leaves `.` alone, so `..` would climb the vendor's
 * path. A loop over a table rather than a regular expression with a lookahead: every id of every answer passes here.
 */
export function isSafeVendorId(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > MAX_VENDOR_ID_LENGTH || VENDOR_ID_CHAR[value.charCodeAt(0)] !== 1) return false;
  let dot = false;
  for (let i = 1; i < n; i++) {
    const kind = VENDOR_ID_CHAR[value.charCodeAt(i)];
    // Codes past the table read as undefined: refused like 0.
    if (!kind || (kind === 3 && dot)) return false;
    dot = kind === 3;
  }
  return true;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The 6-bit value of each base64url character code (-1 elsewhere). */
const BASE64URL_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE64URL.length; i++) table[BASE64URL.charCodeAt(i)] = i;
  return table;
})();

/**
 * True when `id` (base64url characters only) is the one encoding of the bytes it decodes to: no lone last
 * character, and no bits set beyond the last whole byte. Node's decoder ignores both, so without this check
 * several strings would name one entity.
 */
function isCanonicalBase64url(id: string): boolean {
  const tail = id.length % 4;
  if (tail === 1) return false;
  if (tail === 0) return true;
  const last = BASE64URL_VALUE[id.charCodeAt(id.length - 1)];
  return (last & (tail === 2 ? 0x0f : 0x03)) === 0;
}

/** Encodes a vendor's id as the opaque id clients see. The vendor id must already be safe. */
export function encodeId(vendor: Vendor, kind: EntityKind, vendorId: string): string {
  return Buffer.from(`${VERSION}:${vendor}:${kind}:${vendorId}`, 'utf8').toString('base64url');
}

/**
 * Decodes an opaque id, or returns null when it is not one of ours (wrong shape, unknown vendor, other kind,
 * unsafe vendor id, non-canonical base64url). Never throws, so a query for a garbage id can answer null or a typed
 * error as it prefers.
 */
export function tryDecodeId(id: string, kind: EntityKind): EntityRef | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || !OPAQUE_ID.test(id)) return null;
  // Refuses padding tricks and non-canonical base64 (what re-encoding the decoded text would catch): every accepted
  // id decodes to ASCII text (version, enum vendor, kind and a safe vendor id), whose encoding is unique.
  if (!isCanonicalBase64url(id)) return null;
  // Latin-1 maps each byte to one character; a byte above 0x7f can only fail the checks below, as in UTF-8.
  const decoded = Buffer.from(id, 'base64url').toString('latin1');
  // `v1:VENDOR:KIND:vendorId`, the vendor id being everything after the third colon.
  if (!decoded.startsWith(PREFIX)) return null;
  const vendorEnd = decoded.indexOf(':', PREFIX.length);
  if (vendorEnd === -1) return null;
  const kindEnd = vendorEnd + 1 + kind.length;
  if (decoded.charCodeAt(kindEnd) !== COLON || !decoded.startsWith(kind, vendorEnd + 1)) return null;
  const vendor = decoded.slice(PREFIX.length, vendorEnd);
  const vendorId = decoded.slice(kindEnd + 1);
  if (!isVendor(vendor) || !isSafeVendorId(vendorId)) return null;
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
